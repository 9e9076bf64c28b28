# Sourced by bench/fault.sh --slow-clients (after bench/_serve.sh, inside a throwaway cluster).
SLOW="${SLOW:-200}"
HOLD="${HOLD:-20}"
PORT="${PORT:-8768}"
FRONT_PORT="${FRONT_PORT:-8769}"
OUT="${OUT:-bench/RESULTS-load.md}"

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_seed_network >/dev/null
start_gunicorn "$PORT"

say "1/2: $SLOW slow clients straight at gunicorn ($WORKERS sync workers)"
direct="$("$PY" bench/slow_clients.py 127.0.0.1 "$PORT" --slow "$SLOW" --hold "$HOLD")"
say "   $direct"

start_front "$PORT" "$FRONT_PORT" nginx
banner="$(curl -s -D - -o /dev/null "http://127.0.0.1:$FRONT_PORT/" | grep -i '^server:' || echo 'none')"

say "2/2: $SLOW slow clients through nginx (server header: $banner)"
front="$("$PY" bench/slow_clients.py 127.0.0.1 "$FRONT_PORT" --slow "$SLOW" --hold "$HOLD")"
say "   $front"

front_max="$("$PY" -c "import json,sys; print(json.loads(sys.argv[1])['max_ms'])" "$front")"
verdict="$("$PY" -c "import sys; print('met' if float(sys.argv[1]) < 1000 else 'MISSED')" "$front_max")"
{
  echo
  echo "## Slow clients, $(date -u '+%Y-%m-%d %H:%M UTC') (bench/fault.sh --slow-clients)"
  echo
  echo "$SLOW connections that never finish their request headers, a normal request to"
  echo "\`/veranstaltungen/\` every 0.5 s for ${HOLD} s meanwhile; gunicorn $WORKERS sync workers; nginx from"
  echo "\`deploy/nginx/\`."
  echo
  echo "| Path | Result (JSON from bench/slow_clients.py) |"
  echo "|---|---|"
  echo "| Straight to gunicorn | \`$direct\` |"
  echo "| Through nginx | \`$front\` |"
  echo
  echo "Target: through the front, every normal request under 1 s: **$verdict** (max ${front_max} ms)."
  echo "Server header through the front: \`${banner}\`."
} >> "$OUT"
say "appended to $OUT"
