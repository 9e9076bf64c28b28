# Sourced by bench/load.sh and bench/fault.sh: gunicorn (and a throwaway Redis) on 127.0.0.1
# with production-like settings, cleaned up on exit.
PY="${PY:-$project_dir/.venv/bin/python}"
WORKERS="${WORKERS:-$((2 * $(nproc) + 1))}"

say() { echo "bench: $*" >&2; }

command -v wrk >/dev/null || { say "wrk is missing (Debian: apt-get install wrk)"; exit 1; }
command -v curl >/dev/null || { say "curl is missing"; exit 1; }

export DEBUG=false
export SECRET_KEY="${SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export CONN_MAX_AGE="${CONN_MAX_AGE:-600}"
export LOG_LEVEL=ERROR
# One client hammering from 127.0.0.1 is the point here, not something to limit.
export RATELIMIT_ENABLED=false

work="$(mktemp -d /tmp/netzwerkatlas-bench.XXXXXX)"
gunicorn_pid=""
redis_pidfile=""
extra_cleanup() { :; }
cleanup() {
  extra_cleanup || true
  if [[ -n "$gunicorn_pid" ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  if [[ -n "$redis_pidfile" && -s "$redis_pidfile" ]]; then
    local redis_pid; redis_pid="$(cat "$redis_pidfile")"
    kill -TERM "$redis_pid" 2>/dev/null || true
    # It removes its pid file on the way out; the directory goes after it.
    for _ in $(seq 1 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf -- "$work"
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_redis() {  # the workers share one cache, as app servers behind a load balancer would
  if [[ -n "${REDIS_URL:-}" ]]; then say "using the cache at REDIS_URL"; return; fi
  if ! command -v redis-server >/dev/null; then say "no redis-server: each worker caches alone"; return; fi
  local port; port="$(free_port)"
  redis_pidfile="$work/redis.pid"
  redis-server --save "" --appendonly no --port "$port" --bind 127.0.0.1 --daemonize yes \
    --pidfile "$redis_pidfile" --logfile "$work/redis.log" --dir "$work"
  for _ in $(seq 1 50); do [[ -s "$redis_pidfile" ]] && break; sleep 0.1; done
  export REDIS_URL="redis://127.0.0.1:$port/0"
  say "a throwaway redis-server on 127.0.0.1:$port"
}

start_gunicorn() {  # $1: port
  "$PY" manage.py collectstatic --noinput -v0
  say "gunicorn with $WORKERS sync workers on 127.0.0.1:$1"
  # --max-requests 0: gunicorn.conf.py recycles workers after 2,000 requests in production;
  # here a worker must live through the run, or its memory could not be followed.
  "$PY" -m gunicorn netzwerk.wsgi:application --bind "127.0.0.1:$1" --workers "$WORKERS" \
    --worker-class sync --timeout 60 --backlog 2048 --log-level warning --max-requests 0 \
    --error-logfile "$work/gunicorn.log" 2>>"$work/gunicorn.log" &
  gunicorn_pid=$!
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && break; sleep 0.5; done
  curl -s -o /dev/null "http://127.0.0.1:$1/" || { say "gunicorn did not answer"; cat "$work/gunicorn.log" >&2; exit 1; }
}

worker_pids() { pgrep -P "$gunicorn_pid" | sort -n | tr '\n' ' '; }

sample_rss() {  # $1: label; one line per worker: label pid rss_kb
  local pid
  for pid in $(worker_pids); do echo "$1 $pid $(ps -o rss= -p "$pid" | tr -d ' ')"; done
}

show_gunicorn_errors() {
  if grep -v "Not Found: /bench-floor-404/" "$work/gunicorn.log" | grep -q .; then
    say "gunicorn's error log (without the floor's 404s), last lines:"
    grep -v "Not Found: /bench-floor-404/" "$work/gunicorn.log" | tail -n 20 >&2
  fi
}
