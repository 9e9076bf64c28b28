#!/usr/bin/env bash
# The varied load run through the front: CONNECTIONS (32) clients for DURATION (60) s, every
# URL sent once (bench/front_paths.py: searches, typos, filter combinations, pages, profiles of
# distinct firms, people and events, network pages, the event list, graph and ego JSON), through
# Debian's nginx with deploy/nginx/ in front of gunicorn as `make serve` runs it (gunicorn.conf.py,
# DEBUG off). The floor in the same run: the site's 404 page and a bare Django view
# (bench/bare_django.py), each through a front of its own and straight at gunicorn.
#
#   bash bench/load_front.sh
#   DURATION=20 COUNT=8000 bash bench/load_front.sh       # a quick check of the harness
#
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench13_big) must hold
# generate_network --firms 100000 --seed 1; as bench/cold.sh, it applies the migrations of the
# code under test there and ANALYZEs, and writes nothing else. Appends a dated section to
# bench/RESULTS-load.md (OUT).
# Settings: DURATION (60), CONNECTIONS (32), THREADS (2), COUNT (30000 distinct URLs; the run
# stops counting as varied once a thread runs out: the report shows repeats), WORKERS
# (2 × cores + 1, as gunicorn.conf.py), FLOOR_SECONDS (10), PORT (8781; the bare view, the two
# fronts: +1, +2, +3), FRONT_LIMITS (0, see below), FRONT_WORKERS (auto, as Debian's nginx.conf),
# SEED (15: the same database and seed give the same URLs in the same order; another seed, URLs
# whose rows PostgreSQL's buffers may not hold from an earlier run), OUT, KEEP (a folder for the
# raw files: wrk's outputs, the front's logs, gunicorn's logs).
#
# Limits: every client is 127.0.0.1. The app's per-client limits are off (RATELIMIT_ENABLED=false,
# bench/_serve.sh), and so, by default, are the front's (limit_conn 40 and limit_req 30 r/s with
# a burst of 60 per address, deploy/nginx/netzwerkatlas.conf): 32 clients from one address
# would be 32 visitors' traffic counted as one. FRONT_LIMITS=1 keeps them (then 429s are expected).
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
source bench/_serve.sh

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench13_big}"
DURATION="${DURATION:-60}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
COUNT="${COUNT:-30000}"
FLOOR_SECONDS="${FLOOR_SECONDS:-10}"
PORT="${PORT:-8781}"
BARE_PORT=$((PORT + 1))
FRONT_PORT=$((PORT + 2))
BARE_FRONT_PORT=$((PORT + 3))
OUT="${OUT:-bench/RESULTS-load.md}"
export FRONT_LIMITS="${FRONT_LIMITS:-0}"
export FRONT_WORKERS="${FRONT_WORKERS:-auto}"
# As gunicorn.conf.py in production: workers are recycled after about 2,000 requests.
export MAX_REQUESTS="${MAX_REQUESTS:-2000}"

firms="$("$PY" manage.py shell -c "from directory.models import Organisation; print(Organisation.objects.firms().count())" 2>/dev/null | tail -n 1)"
[[ "$firms" =~ ^[0-9]+$ && "$firms" -gt 0 ]] || {
  say "no firms in $DATABASE_URL: generate them first (bench/README.md)"; exit 1; }
say "$firms firms in the database; migrating and ANALYZE"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py dbshell -- -c "ANALYZE;" >/dev/null

say "making $COUNT distinct URLs (bench/front_paths.py)"
"$PY" bench/front_paths.py --count "$COUNT" --seed "${SEED:-15}" > "$work/paths.tsv"
cut -f2 "$work/paths.tsv" > "$work/paths.txt"
[[ "$(sort -u "$work/paths.txt" | wc -l)" == "$(wc -l < "$work/paths.txt")" ]] || { say "a path appears twice"; exit 1; }

bare_pid=""
extra_cleanup() { [[ -z "$bare_pid" ]] || { kill -TERM "$bare_pid" 2>/dev/null; wait "$bare_pid" 2>/dev/null; } || true; }
start_redis
start_gunicorn "$PORT"
say "the bare Django view with $WORKERS workers on 127.0.0.1:$BARE_PORT"
"$PY" -m gunicorn --chdir bench bare_django:application --bind "127.0.0.1:$BARE_PORT" --workers "$WORKERS" \
  --worker-class sync --timeout 60 --log-level warning --max-requests "$MAX_REQUESTS" \
  --access-logfile "$work/bare-access.log" 2>>"$work/bare.log" &
bare_pid=$!
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$BARE_PORT/bare/" && break; sleep 0.5; done
FRONT_LOG=1 start_front "$PORT" "$FRONT_PORT" front
start_front "$BARE_PORT" "$BARE_FRONT_PORT" bare-front
for url in "http://127.0.0.1:$FRONT_PORT/veranstaltungen/" "http://127.0.0.1:$BARE_FRONT_PORT/bare/"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$url")"
  [[ "$code" == 200 ]] || { say "$url answered $code, not 200: stopping"; tail -n 30 "$work/gunicorn.log" "$work"/*front/logs/error.log >&2; exit 1; }
done
banner="$(curl -s -D - -o /dev/null "http://127.0.0.1:$FRONT_PORT/" | grep -i '^server:' | tr -d '\r' || echo 'none')"

say "warming up each worker on the bare list pages (not part of the run)"
for _ in $(seq 1 $((WORKERS * 2))); do
  for path in / /firmen/ /organisationen/ /netzwerke/ /kompetenzen/ /veranstaltungen/ /quellen/ /bench-floor-404/; do
    curl -s -o /dev/null "http://127.0.0.1:$FRONT_PORT$path"
  done
done

floor() {  # $1: name, $2: base URL, $3: path
  echo "$3" > "$work/floor-$1.txt"
  say "floor $1: $2$3 for ${FLOOR_SECONDS}s at $CONNECTIONS connections"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${FLOOR_SECONDS}s" --timeout 10s -s bench/front.lua \
    "$2" -- "$work/floor-$1.txt" "$THREADS" cycle > "$work/floor-$1.out"
}
floor front-404 "http://127.0.0.1:$FRONT_PORT" /bench-floor-404/
floor front-bare "http://127.0.0.1:$BARE_FRONT_PORT" /bare/
floor direct-404 "http://127.0.0.1:$PORT" /bench-floor-404/
floor direct-bare "http://127.0.0.1:$BARE_PORT" /bare/

# Only the run's lines of the front's access log go to the report (nginx flushes it every second;
# reopening it with USR1 would need its workers, who run as nobody, to reach into $work).
sleep 2
log_before="$(wc -l < "$work/front/logs/access.log")"
say "the run: $(wc -l < "$work/paths.txt") distinct URLs, ${DURATION}s at $CONNECTIONS connections through the front"
cat /proc/loadavg > "$work/loadavg.txt"
( while sleep 5; do cat /proc/loadavg; done ) >> "$work/loadavg.txt" &
sampler_pid=$!
# wrk leaves a request slower than --timeout out of its latencies (it counts it as a timeout):
# 60 s, gunicorn's timeout, so every answer is in the percentiles.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 60s -s bench/front.lua \
  "http://127.0.0.1:$FRONT_PORT" -- "$work/paths.txt" "$THREADS" > "$work/run.out"
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
cat /proc/loadavg >> "$work/loadavg.txt"
cat "$work/run.out" >&2
sleep 2
tail -n +"$((log_before + 1))" "$work/front/logs/access.log" > "$work/run-access.log"

say "the 400s and 5xx of the run once more, alone"
awk '$1 == 400 || $1 >= 500 { print $5 }' "$work/run-access.log" | head -n 200 | while read -r path; do
  echo "$(curl -s -o "$work/again.body" -w '%{http_code} %{time_total}' --max-time 60 "http://127.0.0.1:$FRONT_PORT$path") \
$(grep -c 'zu allgemein' "$work/again.body" || true) $path"
done > "$work/again.txt"

"$PY" bench/load_front_report.py --run "$work/run.out" --floors "$work" --log "$work/run-access.log" \
  --paths "$work/paths.tsv" --again "$work/again.txt" --loadavg "$work/loadavg.txt" \
  --gunicorn-log "$work/gunicorn.log" --nginx-log "$work/front/logs/error.log" --firms "$firms" \
  --workers "$WORKERS" --connections "$CONNECTIONS" --threads "$THREADS" --duration "$DURATION" \
  --front-limits "$FRONT_LIMITS" --front-workers "$FRONT_WORKERS" --banner "$banner" --out "$OUT"
show_gunicorn_errors
if [[ -n "${KEEP:-}" ]]; then
  mkdir -p "$KEEP" && cp -r "$work"/paths.tsv "$work"/*.out "$work"/*.txt "$work"/*.log "$work/front/logs" "$KEEP"/
  say "raw files kept in $KEEP"
fi
say "appended to $OUT"
