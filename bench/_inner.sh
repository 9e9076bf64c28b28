#!/usr/bin/env bash
# The body of bench/run.sh, run with DATABASE_URL set (by run.sh or tests/run_with_postgres.sh).
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
: "${DATABASE_URL:?bench/_inner.sh needs DATABASE_URL; run bash bench/run.sh}"

FIRMS="${FIRMS:-100000}"
SEED="${SEED:-1}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
WORKERS="${WORKERS:-$((2 * $(nproc)))}"
PORT="${PORT:-8765}"
PY="${PY:-$project_dir/.venv/bin/python}"
OUT="${OUT:-bench/RESULTS.md}"

say() { echo "bench: $*" >&2; }

if ! command -v wrk >/dev/null; then
  say "wrk is missing; installing Debian's wrk with apt-get"
  sudo=()
  [[ $EUID -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y wrk
fi
command -v curl >/dev/null || { say "curl is missing"; exit 1; }
if [[ -z "${REDIS_URL:-}" ]] && ! command -v redis-server >/dev/null; then
  say "redis-server is missing; installing Debian's redis-server with apt-get"
  sudo=()
  [[ $EUID -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y redis-server
fi

# Production-like settings, served over plain HTTP on 127.0.0.1 (no HTTPS redirect, no HSTS).
export DEBUG=false
export SECRET_KEY="${SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export CONN_MAX_AGE=600
export LOG_LEVEL=ERROR
# Every wrk request comes from 127.0.0.1: the per-client limits (netzwerk/ratelimit.py) would
# answer most of them with 429 and measure that instead of the pages.
export RATELIMIT_ENABLED=false

work="$(mktemp -d /tmp/netzwerkatlas-bench.XXXXXX)"
gunicorn_pid=""
redis_pidfile=""
cleanup() {
  if [[ -n "$gunicorn_pid" ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  if [[ -n "$redis_pidfile" && -s "$redis_pidfile" ]]; then
    kill -TERM "$(cat "$redis_pidfile")" 2>/dev/null || true
  fi
  rm -rf -- "$work"
}
trap cleanup EXIT

# The workers share one cache, as app servers behind a load balancer would (issue 7): the
# REDIS_URL given, or a throwaway redis-server on a free loopback port, without persistence.
if [[ -z "${REDIS_URL:-}" ]]; then
  redis_port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  redis_pidfile="$work/redis.pid"
  redis-server --save "" --appendonly no --port "$redis_port" --bind 127.0.0.1 --daemonize yes \
    --pidfile "$redis_pidfile" --logfile "$work/redis.log" --dir "$work"
  for _ in $(seq 1 50); do
    [[ -s "$redis_pidfile" ]] && break
    sleep 0.1
  done
  export REDIS_URL="redis://127.0.0.1:$redis_port/0"
  say "started a throwaway redis-server on 127.0.0.1:$redis_port"
else
  say "using the cache at REDIS_URL"
fi

say "migrating"
"$PY" manage.py migrate --noinput -v0
if [[ "${SKIP_GENERATE:-0}" != 1 ]]; then
  say "generating $FIRMS firms (seed $SEED)"
  /usr/bin/env time -v "$PY" manage.py generate_network --firms "$FIRMS" --seed "$SEED" --replace -v2 \
    2> >(tee "$work/generate.time" >&2) | tee "$work/generate.log"
  grep -E "Maximum resident|Elapsed \(wall" "$work/generate.time" | sed 's/^\s*/bench: /' >&2 || true
else
  say "SKIP_GENERATE=1: measuring the data already in the database"
fi
# Fresh planner statistics, as autovacuum would have them on a live site.
"$PY" manage.py dbshell -- -c "ANALYZE;" >/dev/null
say "collecting static files"
"$PY" manage.py collectstatic --noinput -v0

say "starting gunicorn with $WORKERS workers on 127.0.0.1:$PORT"
"$PY" -m gunicorn netzwerk.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --worker-class sync --timeout 120 --log-level warning --error-logfile "$work/gunicorn.log" \
  2>>"$work/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.5
done
curl -s -o /dev/null "http://127.0.0.1:$PORT/" || { say "gunicorn did not answer"; cat "$work/gunicorn.log" >&2; exit 1; }

"$PY" bench/report.py --base "http://127.0.0.1:$PORT" --gunicorn-pid "$gunicorn_pid" \
  --workers "$WORKERS" --duration "$DURATION" --connections "$CONNECTIONS" --threads "$THREADS" \
  --generate-log "$work/generate.log" --out "$OUT"
# The floor URL is a 404 by design; Django logs each one.
if grep -v "Not Found: /bench-floor-404/" "$work/gunicorn.log" | grep -q .; then
  say "gunicorn's error log (without the floor's 404s):"
  grep -v "Not Found: /bench-floor-404/" "$work/gunicorn.log" | tail -n 40 >&2
fi
say "results written to $OUT"
