#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL.
#
#   tests/run_with_postgres.sh COMMAND [ARG...]
#   e.g. tests/run_with_postgres.sh .venv/bin/python -m pytest tests/test_infrastructure.py
#
# If DATABASE_URL is set (and not empty) the command simply runs with it. Otherwise a
# throwaway cluster is made in .pg/ of the project (or under /tmp when the postgres user
# cannot reach the project folder), listening only on 127.0.0.1 on a free port with trust
# auth, and it is stopped and deleted when the command ends, fails or is interrupted.
# PostgreSQL's server is installed with apt-get when missing; not finding or starting it
# is an error, never a reason to skip.
set -euo pipefail

project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
me="run_with_postgres"
readonly project_dir me

say() { echo "$me: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

if [[ $# -eq 0 ]]; then
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

if [[ -n "${DATABASE_URL:-}" ]]; then
  say "using the DATABASE_URL from the environment"
  exec "$@"
fi

# --- PostgreSQL binaries --------------------------------------------------------------

find_bindir() {
  local dir version best=""
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]] || continue
    version="$(basename "$(dirname "$dir")")"
    best="$(printf '%s\n%s\n' "$best" "$version" | sed '/^$/d' | sort -V | tail -n 1)"
  done
  [[ -n "$best" ]] && echo "/usr/lib/postgresql/$best/bin"
  return 0
}

apt_install() {
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "installing $* needs root or sudo; install it yourself or set DATABASE_URL"
    sudo=(sudo)
  fi
  # The lock timeout waits for another apt-get instead of failing at once.
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  "${apt[@]}" update
  "${apt[@]}" install -y "$@"
}

bindir="$(find_bindir)"
if [[ -z "$bindir" ]]; then
  say "no PostgreSQL server under /usr/lib/postgresql; installing Debian's postgresql"
  apt_install postgresql postgresql-contrib
  bindir="$(find_bindir)"
  [[ -n "$bindir" ]] || die "PostgreSQL server binaries still missing after apt-get install"
fi

# initdb and postgres refuse to run as root: as root, run them as the postgres user.
# They are started from / because they fail when the current directory is unreadable.
if [[ $EUID -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' system user"
  as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
  as_pg() { (cd / && "$@"); }
fi

# --- cleanup --------------------------------------------------------------------------

stop_cluster() {  # $1: cluster dir; stops its server (if running) and deletes the dir
  local dir="$1"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
      say "WARNING: could not stop the server in $dir"
  fi
  rm -rf -- "$dir"
}

# Clusters whose owning run died without cleaning up (kill -9, power loss).
reap_stale_clusters() {
  local dir owner
  for dir in "$project_dir"/.pg/run.* /tmp/netzwerkatlas-pg.*; do
    [[ -d "$dir" && -f "$dir/owner.pid" ]] || continue
    owner="$(cat "$dir/owner.pid" 2>/dev/null || true)"
    [[ "$owner" =~ ^[0-9]+$ && -d "/proc/$owner" ]] && continue
    say "removing the leftover cluster $dir"
    stop_cluster "$dir"
  done
}

cluster_dir=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n "$cluster_dir" ]]; then
    say "stopping and deleting the throwaway cluster"
    stop_cluster "$cluster_dir"
  fi
  rmdir "$project_dir/.pg" 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

reap_stale_clusters

# --- the throwaway cluster ------------------------------------------------------------

new_cluster_dir() {  # $1: parent directory, $2: name template
  local dir
  dir="$(mktemp -d "$1/$2")" || return 1
  echo "$$" >"$dir/owner.pid"
  [[ $EUID -eq 0 ]] && chown postgres: "$dir"
  echo "$dir"
}

# The socket path must stay below the 107-byte limit of unix sockets.
usable() { [[ ${#1} -le 80 ]] && as_pg test -w "$1" -a -x "$1"; }

mkdir -p "$project_dir/.pg"
chmod 755 "$project_dir/.pg"
cluster_dir="$(new_cluster_dir "$project_dir/.pg" run.XXXXXX)"
if ! usable "$cluster_dir"; then
  rm -rf -- "$cluster_dir"
  cluster_dir="$(new_cluster_dir /tmp netzwerkatlas-pg.XXXXXX)"
  say "the postgres user cannot use $project_dir/.pg; using $cluster_dir"
  usable "$cluster_dir" || die "the postgres user cannot write to $cluster_dir either"
fi

# C.UTF-8 (unlike plain C) lets pg_trgm and unaccent treat umlauts as letters.
locale_args=(--no-locale)
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
  locale_args=(--locale=C.UTF-8)
fi
as_pg "$bindir/initdb" -D "$cluster_dir/data" -U postgres --auth=trust --encoding=UTF8 \
  "${locale_args[@]}" --no-sync >"$cluster_dir/initdb.log" 2>&1 ||
  { cat "$cluster_dir/initdb.log" >&2; die "initdb failed"; }

socket_dir="${cluster_dir//\'/\'\'}"
cat >>"$cluster_dir/data/postgresql.conf" <<EOF

# throwaway test cluster (tests/run_with_postgres.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$socket_dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

port=""
for attempt in 1 2 3; do
  candidate="$(free_port)"
  if as_pg "$bindir/pg_ctl" -D "$cluster_dir/data" -l "$cluster_dir/server.log" -w -t 60 \
    -o "-p $candidate" start >/dev/null; then
    port="$candidate"
    break
  fi
  say "start on port $candidate failed (attempt $attempt)"
done
if [[ -z "$port" ]]; then
  tail -n 30 "$cluster_dir/server.log" >&2 || true
  die "could not start PostgreSQL from $bindir"
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
say "$("$bindir/postgres" -V | sed 's/^postgres (PostgreSQL)/PostgreSQL/') on 127.0.0.1:$port (cluster in $cluster_dir)"

"$@"
