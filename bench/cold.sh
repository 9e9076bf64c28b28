#!/usr/bin/env bash
# The cold run (issue 13): distinct queries with the cache flushed, 1 and 8 clients, a write
# storm, and Datasette over the same firms as the peer, in one run. Writes bench/RESULTS-cold.md.
#
#   bash bench/cold.sh                                  the whole run (about 30–60 min at 100k firms)
#   LIMIT=60 FLOOR_SECONDS=3 bash bench/cold.sh         a quick check of the harness (a few minutes)
#
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench13_big) must hold
# `generate_network --firms 100000 --seed 1` (bench/README.md, "The cold run"); GENERATE=1 makes
# it first. The run applies migrations there (the code under test may bring some) and ANALYZEs;
# its only other write is the storm's one renamed firm, reverted afterwards.
# Settings: LIMIT (0 = all queries), LIMIT_ONE (0 = all; a sample for the 1-client runs only), CLIENTS (8), WORKERS (4), PORT (8771; +1 bare Django view,
# +2 Datasette), FLOOR_SECONDS (10), STORM_BEFORE (10), STORM_AFTER (30), PHASES (all),
# PEER_DB (/tmp/netzwerkatlas-peer/firms.db, rebuilt unless PEER_REUSE=1), PREPARE (a command
# run after migrating, e.g. a backfill the new code needs), LABEL (a line in the results),
# OUT (bench/RESULTS-cold.md), RAW (where the raw JSON goes; bench/results-cold.json).
# Needs the bench extra (datasette, sqlite-utils), wrk, redis-server, curl.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
export WORKERS="${WORKERS:-4}"
source bench/_serve.sh

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench13_big}"
PORT="${PORT:-8771}"
BARE_PORT=$((PORT + 1))
PEER_PORT=$((PORT + 2))
CLIENTS="${CLIENTS:-8}"
LIMIT="${LIMIT:-0}"
LIMIT_ONE="${LIMIT_ONE:-0}"
FLOOR_SECONDS="${FLOOR_SECONDS:-10}"
STORM_BEFORE="${STORM_BEFORE:-10}"
STORM_AFTER="${STORM_AFTER:-30}"
PHASES="${PHASES:-floor,site1,peer1,site8,peer8,warm,storm}"
PEER_DB="${PEER_DB:-/tmp/netzwerkatlas-peer/firms.db}"
OUT="${OUT:-bench/RESULTS-cold.md}"
RAW="${RAW:-bench/results-cold.json}"
LABEL="${LABEL:-$(git log -1 --format='%h %s' 2>/dev/null | cut -c1-100)}"
DATASETTE="${DATASETTE:-$project_dir/.venv/bin/datasette}"

[[ -x "$DATASETTE" ]] || { say "datasette is missing: .venv/bin/pip install --require-hashes -r requirements/bench.txt"; exit 1; }
"$PY" -c "import sqlite_utils" 2>/dev/null || { say "sqlite-utils is missing: the bench extra"; exit 1; }

if [[ "${GENERATE:-0}" == 1 ]]; then
  "$PY" manage.py migrate --noinput -v0
  say "generating 100000 firms (seed 1): about 2–4 minutes"
  "$PY" manage.py generate_network --firms 100000 --seed 1 --replace
fi
firms="$("$PY" manage.py shell -c "from directory.models import Organisation; print(Organisation.objects.firms().count())" 2>/dev/null | tail -n 1)"
[[ "$firms" =~ ^[0-9]+$ && "$firms" -gt 0 ]] || {
  say "no firms in $DATABASE_URL: generate them first (GENERATE=1, or bench/README.md)"; exit 1; }
say "$firms firms in the database"
say "migrating"
"$PY" manage.py migrate --noinput -v0
if [[ -n "${PREPARE:-}" ]]; then say "PREPARE: $PREPARE"; bash -c "$PREPARE"; fi
"$PY" manage.py dbshell -- -c "ANALYZE;" >/dev/null

if [[ "${PEER_REUSE:-0}" != 1 || ! -s "$PEER_DB" ]]; then
  say "exporting the firms for Datasette to $PEER_DB"
  "$PY" bench/peer_export.py "$PEER_DB"
fi
cat > "$work/peer-metadata.json" <<'JSON'
{"databases": {"firms": {"tables": {"firms": {"sort": "name", "fts_table": "firms_fts", "fts_pk": "id"}}}}}
JSON

bare_pid=""
peer_pid=""
extra_cleanup() {
  local pid
  for pid in $bare_pid $peer_pid; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

start_redis
start_gunicorn "$PORT"
say "the bare Django view with $WORKERS workers on 127.0.0.1:$BARE_PORT (an access log like the site's: the same gunicorn settings)"
"$PY" -m gunicorn --chdir bench bare_django:application --bind "127.0.0.1:$BARE_PORT" --workers "$WORKERS" \
  --worker-class sync --timeout 60 --log-level warning --max-requests 0 \
  --access-logfile "$work/bare-access.log" 2>>"$work/bare.log" &
bare_pid=$!
say "Datasette on 127.0.0.1:$PEER_PORT (facet and SQL time limits 60 s, 25 rows, facets of 20, no suggestions)"
"$DATASETTE" serve -i "$PEER_DB" --host 127.0.0.1 --port "$PEER_PORT" -m "$work/peer-metadata.json" \
  --setting facet_time_limit_ms 60000 --setting sql_time_limit_ms 60000 \
  --setting default_page_size 25 --setting default_facet_size 20 --setting suggest_facets off \
  >"$work/datasette.log" 2>&1 &
peer_pid=$!
for port in "$BARE_PORT" "$PEER_PORT"; do
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
done
curl -s -o /dev/null "http://127.0.0.1:$PEER_PORT/" || { say "Datasette did not answer"; cat "$work/datasette.log" >&2; exit 1; }
# One page each must answer 200 before anything is measured (a broken environment answers 500s fast).
for url in "http://127.0.0.1:$PEER_PORT/firms/firms?_facet=state&_size=1" "http://127.0.0.1:$PORT/veranstaltungen/"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 "$url")"
  [[ "$code" == 200 ]] || { say "$url answered $code, not 200: stopping"; tail -n 30 "$work/datasette.log" "$work/gunicorn.log" >&2; exit 1; }
done

"$PY" bench/cold_run.py --site "http://127.0.0.1:$PORT" --bare "http://127.0.0.1:$BARE_PORT" \
  --peer "http://127.0.0.1:$PEER_PORT" --peer-db "$PEER_DB" --redis-url "$REDIS_URL" \
  --limit "$LIMIT" --limit-one "$LIMIT_ONE" --clients "$CLIENTS" --floor-seconds "$FLOOR_SECONDS" \
  --storm-before "$STORM_BEFORE" --storm-after "$STORM_AFTER" --phases "$PHASES" --label "$LABEL" --out "$RAW"
"$PY" bench/cold_report.py "$RAW" --out "$OUT" --workers "$WORKERS" --firms "$firms"
show_gunicorn_errors
say "results written to $OUT (raw: $RAW)"
