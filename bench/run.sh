#!/usr/bin/env bash
# The benchmark: generate the synthetic network, serve it with gunicorn, measure with wrk.
#
#   bash bench/run.sh                 100,000 firms, 15 s of wrk per URL
#   FIRMS=5000 DURATION=5 bash bench/run.sh    a quick run
#
# Uses DATABASE_URL when set (its user must be able to create tables; the synthetic rows of
# an earlier run there are replaced), else a throwaway PostgreSQL cluster from
# tests/run_with_postgres.sh that is deleted afterwards. Writes bench/RESULTS.md.
# Settings (environment): FIRMS (100000), SEED (1), DURATION (15), CONNECTIONS (8),
# THREADS (2), WORKERS (2 × cores), PORT (8765), SKIP_GENERATE (1 = use the data already in
# DATABASE_URL), OUT (bench/RESULTS.md). See bench/README.md.
set -euo pipefail
project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project_dir"
exec tests/run_with_postgres.sh bash bench/_inner.sh
