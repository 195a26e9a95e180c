#!/usr/bin/env bash
# Run a command against PostgreSQL: `scripts/with-postgres.sh CMD [ARG…]`.
#
# With DATABASE_URL set, CMD simply runs against that database. Otherwise this script starts a
# throwaway PostgreSQL server (Debian's `postgresql`, installed when missing) whose data lives in
# var/pg-XXXXXX, listening on a free port on 127.0.0.1 only (its unix socket sits in the data
# directory), runs CMD with DATABASE_URL pointing at it, and always stops the server and removes
# the data directory afterwards. The exit status is CMD's.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARG…]" >&2
  exit 2
fi

if [[ -n "${DATABASE_URL:-}" ]]; then
  exec "$@"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { echo "with-postgres: $*" >&2; }

pg_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

BINDIR="$(pg_bindir || true)"
if [[ -z "$BINDIR" ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    log "PostgreSQL is not installed and we are not root: apt-get install postgresql, or set DATABASE_URL."
    exit 1
  fi
  log "installing Debian's postgresql …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  BINDIR="$(pg_bindir)" || { log "no PostgreSQL binaries under /usr/lib/postgresql/*/bin"; exit 1; }
fi

# initdb and postgres refuse to run as root: run them as the `postgres` OS user then.
if [[ "$(id -u)" -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || { log "the postgres OS user is missing"; exit 1; }
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

mkdir -p "$ROOT/var"
WORK="$(mktemp -d "$ROOT/var/pg-XXXXXX")"
PGDATA="$WORK/data"
SERVER_STARTED=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$SERVER_STARTED" && -f "$PGDATA/postmaster.pid" ]]; then
    local pid
    pid="$(head -n 1 "$PGDATA/postmaster.pid")"
    if ! as_pg "$BINDIR/pg_ctl" stop -D "$PGDATA" -m fast -w -t 30 >/dev/null 2>&1; then
      log "pg_ctl stop failed; terminating postmaster $pid"
      kill -TERM "$pid" 2>/dev/null || true
      sleep 2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "$(id -u)" -eq 0 ]]; then
  chown postgres: "$WORK"
  chmod 700 "$WORK"
  if ! runuser -u postgres -- test -w "$WORK"; then
    # A checkout under /root (mode 700) is out of the postgres user's reach: use a temporary
    # directory instead (removed all the same).
    rm -rf "$WORK"
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/zwgk-pg-XXXXXX")"
    PGDATA="$WORK/data"
    chown postgres: "$WORK"
    chmod 700 "$WORK"
    log "var/ is not reachable for the postgres user; using $WORK"
  fi
fi

DB_USER=zwgk
DB_NAME=zwgk
DB_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
PWFILE="$WORK/pwfile"
install -m 600 /dev/null "$PWFILE"
printf '%s\n' "$DB_PASSWORD" >"$PWFILE"
if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$PWFILE"; fi

# Port 0 asks the kernel for a free port; the tiny race until postgres binds it is harmless here.
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

log "initdb ($BINDIR) in ${WORK#"$ROOT"/} …"
as_pg "$BINDIR/initdb" -D "$PGDATA" --data-checksums --encoding=UTF8 --no-locale \
  --username="$DB_USER" --pwfile="$PWFILE" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
  >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
rm -f "$PWFILE"

# Unix socket paths are limited to 107 bytes; a deep checkout gets TCP only.
SOCKET_DIR="$PGDATA"
if (( ${#PGDATA} + 20 > 107 )); then SOCKET_DIR=""; fi

# A test server: durability is not needed, speed is (the data is deleted afterwards).
SERVER_STARTED=1
as_pg "$BINDIR/pg_ctl" start -D "$PGDATA" -w -t 60 -l "$WORK/server.log" -o \
  "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories='$SOCKET_DIR' \
   -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

export PGPASSWORD="$DB_PASSWORD"
"$BINDIR/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >/dev/null
unset PGPASSWORD

export DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
log "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"

# CMD runs as a job of its own (set -m) so that it keeps its default SIGINT handling; the
# signals this script receives are forwarded to it, and the server is stopped once it has ended.
set -m
"$@" &
CHILD=$!
trap 'kill -INT "$CHILD" 2>/dev/null || true' INT
trap 'kill -TERM "$CHILD" 2>/dev/null || true' TERM
status=0
while true; do
  wait "$CHILD" && status=0 || status=$?
  # `wait` also returns (status > 128) when a trapped signal arrives while CMD still runs.
  kill -0 "$CHILD" 2>/dev/null || break
done
exit "$status"
