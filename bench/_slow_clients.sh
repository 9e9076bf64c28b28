# Sourced by bench/fault.sh --slow-clients (after bench/_serve.sh, inside a throwaway cluster).
SLOW="${SLOW:-200}"
HOLD="${HOLD:-20}"
PORT="${PORT:-8768}"
FRONT_PORT="${FRONT_PORT:-8769}"
OUT="${OUT:-bench/RESULTS-load.md}"
command -v nginx >/dev/null || { say "nginx is missing (Debian: apt-get install nginx-light libnginx-mod-http-headers-more-filter)"; exit 1; }

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_seed_network >/dev/null
start_gunicorn "$PORT"

say "1/2: $SLOW slow clients straight at gunicorn ($WORKERS sync workers)"
direct="$("$PY" bench/slow_clients.py 127.0.0.1 "$PORT" --slow "$SLOW" --hold "$HOLD")"
say "   $direct"

# Debian's nginx with the shipped configuration, as a user process with its own prefix.
mkdir -p "$work/nginx/conf.d" "$work/nginx/logs"
sed "s/127.0.0.1:8000/127.0.0.1:$PORT/" deploy/nginx/upstream-local.conf > "$work/nginx/conf.d/00-upstream.conf"
sed "s/listen 80 default_server;/listen 127.0.0.1:$FRONT_PORT default_server;/; /listen \\[::\\]:80/d" \
  deploy/nginx/netzwerkatlas.conf > "$work/nginx/conf.d/10-netzwerkatlas.conf"
# Module paths in Debian's snippets are relative to the prefix: point it at Debian's modules.
ln -s /usr/lib/nginx/modules "$work/nginx/modules"
modules=""
headers_more=/etc/nginx/modules-enabled/50-mod-http-headers-more-filter.conf
[[ -e "$headers_more" ]] || { say "libnginx-mod-http-headers-more-filter is missing (apt-get install it)"; exit 1; }
modules="include $headers_more;"
cat > "$work/nginx/nginx.conf" <<CONF
${modules}
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    include $work/nginx/conf.d/*.conf;
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -t -q || { cat "$work/nginx/nginx.conf" >&2; exit 1; }
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
extra_cleanup() { [[ -s "$work/nginx/nginx.pid" ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true; }
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$FRONT_PORT/" && break; sleep 0.1; done
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
