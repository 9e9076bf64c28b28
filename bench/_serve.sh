# Sourced by bench/load.sh, bench/load_front.sh, bench/cold.sh and bench/fault.sh: gunicorn (and
# a throwaway Redis, and nginx in front) on 127.0.0.1 with production-like settings, cleaned up
# on exit.
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
front_pidfiles=()
extra_cleanup() { :; }
cleanup() {
  extra_cleanup || true
  local pidfile
  for pidfile in "${front_pidfiles[@]}"; do
    [[ -s "$pidfile" ]] && kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
  done
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
  # The rest comes from gunicorn.conf.py, which gunicorn reads from the project folder as
  # `make serve` does. MAX_REQUESTS 0: gunicorn.conf.py recycles workers after 2,000 requests in
  # production; in bench/load.sh a worker must live through the run, or its memory could not be
  # followed. Access lines go to a file, not the terminal.
  "$PY" -m gunicorn netzwerk.wsgi:application --bind "127.0.0.1:$1" --workers "$WORKERS" \
    --worker-class sync --timeout 60 --backlog 2048 --log-level warning --max-requests "${MAX_REQUESTS:-0}" \
    --access-logfile "$work/gunicorn-access.log" --error-logfile "$work/gunicorn.log" 2>>"$work/gunicorn.log" &
  gunicorn_pid=$!
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$1/" && break; sleep 0.5; done
  curl -s -o /dev/null "http://127.0.0.1:$1/" || { say "gunicorn did not answer"; cat "$work/gunicorn.log" >&2; exit 1; }
}

# Debian's nginx with the configuration in deploy/nginx/, as a process of its own with its own
# prefix ($work/$3). FRONT_LIMITS=0 drops the server's per-client limit_conn/limit_req lines:
# every bench client is 127.0.0.1, one address, as RATELIMIT_ENABLED=false does for the app's
# limits. FRONT_LOG=1 logs status, time, upstream time, bytes and path of each request to
# $work/$3/logs/access.log. FRONT_WORKERS: nginx worker processes (1; Debian's nginx.conf: auto).
start_front() {  # $1: gunicorn's port, $2: the front's port, $3: a name
  command -v nginx >/dev/null || { say "nginx is missing (Debian: apt-get install nginx-light libnginx-mod-http-headers-more-filter)"; exit 1; }
  local headers_more=/etc/nginx/modules-enabled/50-mod-http-headers-more-filter.conf
  [[ -e "$headers_more" ]] || { say "libnginx-mod-http-headers-more-filter is missing (apt-get install it)"; exit 1; }
  local dir="$work/$3"
  mkdir -p "$dir/conf.d" "$dir/logs"
  sed "s/127.0.0.1:8000/127.0.0.1:$1/" deploy/nginx/upstream-local.conf > "$dir/conf.d/00-upstream.conf"
  sed "s/listen 80 default_server;/listen 127.0.0.1:$2 default_server;/; /listen \\[::\\]:80/d" \
    deploy/nginx/netzwerkatlas.conf > "$dir/conf.d/10-netzwerkatlas.conf"
  if [[ "${FRONT_LIMITS:-1}" == 0 ]]; then
    sed -i -E '/^\s*limit_(conn|req) /d' "$dir/conf.d/10-netzwerkatlas.conf"
  fi
  local access_log="access_log off;"
  if [[ "${FRONT_LOG:-0}" == 1 ]]; then
    access_log="log_format bench '\$status \$request_time \$upstream_response_time \$body_bytes_sent \$request_uri';
    access_log $dir/logs/access.log bench buffer=64k flush=1s;"
  fi
  # Module paths in Debian's snippets are relative to the prefix: point it at Debian's modules.
  ln -sfn /usr/lib/nginx/modules "$dir/modules"
  cat > "$dir/nginx.conf" <<CONF
include $headers_more;
worker_processes ${FRONT_WORKERS:-1};
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    $access_log
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    include $dir/conf.d/*.conf;
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -t -q || { cat "$dir/nginx.conf" >&2; exit 1; }
  nginx -p "$dir" -c "$dir/nginx.conf"
  front_pidfiles+=("$dir/nginx.pid")
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$2/" && break; sleep 0.1; done
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
