#!/usr/bin/env bash
# Load and memory: 60 s at 32 connections over a mix of pages, against gunicorn and the
# 100k-firm database; zero errors, p99 under 1 s, and each worker's memory flat.
#
#   bash bench/load.sh
#   DATABASE_URL=postgres://… DURATION=30 CONNECTIONS=16 bash bench/load.sh
#
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/nwa_bench) must hold the synthetic
# network (bench/README.md: generate_network --firms 100000 --seed 1); nothing is written to it,
# not even migrations. The site's 404 page (/bench-floor-404/) is loaded the same way first: the
# framework's floor, shown beside every figure. Writes bench/RESULTS-load.md (OUT).
# Settings: DURATION (60), CONNECTIONS (32), THREADS (2), WORKERS (2 × cores + 1), PORT (8766),
# FLOOR_DURATION (15), OUT.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
source bench/_serve.sh

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/nwa_bench}"
DURATION="${DURATION:-60}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
FLOOR_DURATION="${FLOOR_DURATION:-15}"
PORT="${PORT:-8766}"
OUT="${OUT:-bench/RESULTS-load.md}"

firms="$("$PY" manage.py shell -c "from directory.models import Organisation; print(Organisation.objects.firms().count())" 2>/dev/null | tail -n 1)"
[[ "$firms" =~ ^[0-9]+$ && "$firms" -gt 0 ]] || {
  say "no firms in $DATABASE_URL: generate them first (bench/README.md)"; exit 1; }
say "$firms firms in the database"

# `shell` says how many objects it imported; the paths are the lines starting with "/".
"$PY" manage.py shell < bench/load_paths.py | grep '^/' > "$work/paths.txt"
say "$(wc -l < "$work/paths.txt") paths in the mix ($(sort -u "$work/paths.txt" | wc -l) different)"
start_redis
start_gunicorn "$PORT"

say "warming up: every path of the mix three times"
for _ in 1 2 3; do
  while read -r path; do curl -s -o /dev/null "http://127.0.0.1:$PORT$path"; done < "$work/paths.txt"
done

echo "/bench-floor-404/" > "$work/floor.txt"
say "floor: /bench-floor-404/ for ${FLOOR_DURATION}s at $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${FLOOR_DURATION}s" --timeout 10s -s bench/load.lua \
  "http://127.0.0.1:$PORT" -- "$work/floor.txt" | tee "$work/floor.out" >&2

sample_rss start > "$work/rss.txt"
say "load: the mix for ${DURATION}s at $CONNECTIONS connections"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/load.lua \
  "http://127.0.0.1:$PORT" -- "$work/paths.txt" > "$work/load.out" &
wrk_pid=$!
sleep "$((DURATION / 2))"
sample_rss middle >> "$work/rss.txt"
wait "$wrk_pid"
sample_rss end >> "$work/rss.txt"
cat "$work/load.out" >&2

say "each different URL once more, alone, for the slowest ones"
sort -u "$work/paths.txt" | while read -r path; do
  echo "$(curl -s -o /dev/null -w '%{time_total} %{http_code}' "http://127.0.0.1:$PORT$path") $path"
done | sort -rn > "$work/single.txt"

"$PY" bench/load_report.py --load "$work/load.out" --floor "$work/floor.out" --rss "$work/rss.txt" \
  --paths "$work/paths.txt" --single "$work/single.txt" --firms "$firms" --workers "$WORKERS" --connections "$CONNECTIONS" \
  --duration "$DURATION" --out "$OUT"
show_gunicorn_errors
say "results written to $OUT"
