#!/usr/bin/env bash
# Warm, then one write, then the next 30 s: what a single write does to a warm site.
#
#   TREE=/path/to/checkout DATABASE_URL=postgres://…/db bash bench/floor/storm.sh
#
# Serves TREE (default: this checkout) with gunicorn (WORKERS, default 4) and a throwaway
# Redis, takes the URL mix of bench/load_paths.py, warms every path twice, loads the mix for
# WARM seconds (default 15), then renames one firm (one autocommit UPDATE, as an editor's save
# would be) and loads the same mix for AFTER seconds (default 30) at CONNECTIONS (default 8).
# Prints wrk's JSON line (bench/load.lua) for each phase. TREE lets the same script measure
# another checkout (its database must be migrated for it).
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TREE="${TREE:-$project_dir}"
cd "$project_dir"
WORKERS="${WORKERS:-4}"
source bench/_serve.sh
export STATIC_ROOT="${STATIC_ROOT:-$work/static}"
WARM="${WARM:-15}"; AFTER="${AFTER:-30}"; CONNECTIONS="${CONNECTIONS:-8}"
PORT="$(free_port)"

cd "$TREE"
export PYTHONPATH="$TREE"
"$PY" manage.py shell < "$project_dir/bench/load_paths.py" 2>/dev/null | grep '^/' > "$work/paths.txt"
say "$(sort -u "$work/paths.txt" | wc -l) different paths in the mix"
start_redis
start_gunicorn "$PORT"
for _ in 1 2; do
  while read -r path; do curl -s -o /dev/null "http://127.0.0.1:$PORT$path"; done < "$work/paths.txt"
done
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${1}s" --timeout 10s -s "$project_dir/bench/load.lua" \
    "http://127.0.0.1:$PORT" -- "$work/paths.txt" | grep '^JSON' | sed "s/^JSON/$2/"
}
load "$WARM" warm
"$PY" manage.py shell -c "
from directory.models import Organisation
firm = Organisation.objects.firms().order_by('pk').first()
Organisation.objects.filter(pk=firm.pk).update(name=firm.name + ' ')
" >/dev/null
say "one write: a firm renamed"
load "$AFTER" after-write
show_gunicorn_errors
