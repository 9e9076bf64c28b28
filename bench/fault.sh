#!/usr/bin/env bash
# Faults: restart PostgreSQL in the middle of a load run. Requests during the outage must get
# the 503 page (never a 500 or a hang), the app must recover by itself without a restart of
# gunicorn or its workers, and nothing written before may be lost.
#
#   bash bench/fault.sh
#   FIRMS=2000 DURATION=30 bash bench/fault.sh
#
# Never touches the shared PostgreSQL: tests/run_with_postgres.sh makes a throwaway cluster on
# a free port (deleted afterwards), into which this loads FIRMS (10,000) synthetic firms with
# generate_network. During a DURATION (40 s) wrk run at CONNECTIONS (32) over a page mix, the
# cluster is stopped at OUTAGE_AT (10 s) with `pg_ctl -m immediate` (a crash: no shutdown
# checkpoint, WAL replay on start) and started again OUTAGE (10 s) later. A probe requests the
# event list every 0.25 s throughout and logs each status. Appends to bench/RESULTS-load.md.
#
#   bash bench/fault.sh --slow-clients
#
# Slow clients instead: 200 connections that never finish their request headers, first straight
# at gunicorn (sync workers: they block every worker), then through Debian's nginx with the
# configuration in deploy/nginx/ (nginx must be installed: apt-get install nginx-light
# libnginx-mod-http-headers-more-filter). While they are open, a normal request is timed every
# half second; through the front it must answer in under a second. Appends to
# bench/RESULTS-load.md.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
if [[ "${1:-}" != "--inside" ]]; then
  # The shared server is never the one restarted: always a cluster of our own.
  unset DATABASE_URL
  exec tests/run_with_postgres.sh bash bench/fault.sh --inside "$@"
fi
shift
source bench/_serve.sh
if [[ "${1:-}" == "--slow-clients" ]]; then
  source bench/_slow_clients.sh
  exit 0
fi

FIRMS="${FIRMS:-10000}"
DURATION="${DURATION:-40}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
OUTAGE_AT="${OUTAGE_AT:-10}"
OUTAGE="${OUTAGE:-10}"
PORT="${PORT:-8767}"
OUT="${OUT:-bench/RESULTS-load.md}"
WRITES=200

psql_() { psql "$DATABASE_URL" -XAtq "$@"; }
data_dir="$(psql_ -c 'SHOW data_directory')"
pg_port="$(psql_ -c 'SHOW port')"
bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"  # as tests/run_with_postgres.sh
if [[ $EUID -eq 0 ]]; then as_pg() { (cd / && runuser -u postgres -- "$@"); }; else as_pg() { (cd / && "$@"); }; fi
pg_stop() { as_pg "$bindir/pg_ctl" -D "$data_dir" -m immediate -w -t 30 stop >/dev/null; }
pg_start() { as_pg "$bindir/pg_ctl" -D "$data_dir" -l "$data_dir/../restart.log" -w -t 60 -o "-p $pg_port" start >/dev/null; }
# Should the run die while the cluster is down, start it so run_with_postgres.sh can stop it.
extra_cleanup() { [[ -f "$data_dir/postmaster.pid" ]] || pg_start || true; }
say "throwaway cluster in $data_dir on port $pg_port"

"$PY" manage.py migrate --noinput -v0
say "generating $FIRMS firms"
"$PY" manage.py generate_network --firms "$FIRMS" --seed 1 -v0
psql_ -c "ANALYZE" >/dev/null

say "writing $WRITES rows before the run (sources marked fault-*, committed)"
"$PY" manage.py shell -c "
from directory.models import Source
Source.objects.bulk_create(Source(slug=f'fault-{n}', title=f'Vor dem Ausfall geschrieben {n}') for n in range(${WRITES}))
"
before="$(psql_ -c "SELECT count(*) FROM directory_source WHERE slug LIKE 'fault-%'")"
total_before="$(psql_ -c "SELECT (SELECT count(*) FROM directory_organisation) + (SELECT count(*) FROM directory_membership) + (SELECT count(*) FROM events_event)")"

# `shell` says how many objects it imported; the paths are the lines starting with "/".
"$PY" manage.py shell < bench/load_paths.py | grep '^/' > "$work/paths.txt"
start_gunicorn "$PORT"
workers_before="$(worker_pids)"
for path in $(head -n 40 "$work/paths.txt"); do curl -s -o /dev/null "http://127.0.0.1:$PORT$path"; done

# The probe: one request every 0.25 s, "epoch-seconds status" per line.
probe() {
  while [[ -f "$work/probing" ]]; do
    local code; code="$(curl -s -o "$work/probe.body" -w '%{http_code}' --max-time 10 "http://127.0.0.1:$PORT/veranstaltungen/" || echo 000)"
    echo "$(date +%s.%N) $code" >> "$work/probe.txt"
    [[ "$code" == 503 && ! -f "$work/503.html" ]] && cp "$work/probe.body" "$work/503.html"
    sleep 0.25
  done
}
touch "$work/probing"
started_at="$(date +%s.%N)"
probe &
probe_pid=$!

say "load: ${DURATION}s at $CONNECTIONS connections; PostgreSQL down from ${OUTAGE_AT}s for ${OUTAGE}s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/load.lua \
  "http://127.0.0.1:$PORT" -- "$work/paths.txt" > "$work/load.out" &
wrk_pid=$!
sleep "$OUTAGE_AT"
say "stopping PostgreSQL (immediate)"
pg_stop
down_at="$(date +%s.%N)"
sleep "$OUTAGE"
say "starting PostgreSQL"
pg_start
up_at="$(date +%s.%N)"
wait "$wrk_pid"
rm -f "$work/probing"
wait "$probe_pid" || true
cat "$work/load.out" >&2

after="$(psql_ -c "SELECT count(*) FROM directory_source WHERE slug LIKE 'fault-%'")"
total_after="$(psql_ -c "SELECT (SELECT count(*) FROM directory_organisation) + (SELECT count(*) FROM directory_membership) + (SELECT count(*) FROM events_event)")"
workers_after="$(worker_pids)"
# After the run, the site answers again without anyone touching gunicorn.
final="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/veranstaltungen/")"

"$PY" bench/fault_report.py --load "$work/load.out" --probe "$work/probe.txt" --page "$work/503.html" \
  --firms "$FIRMS" --connections "$CONNECTIONS" --duration "$DURATION" --outage-at "$OUTAGE_AT" \
  --outage "$OUTAGE" --before "$before" --after "$after" --total-before "$total_before" \
  --total-after "$total_after" --workers-before "$workers_before" --workers-after "$workers_after" \
  --final "$final" --started "$started_at" --down-at "$down_at" --up-at "$up_at" --out "$OUT"
show_gunicorn_errors
say "results written to $OUT"
