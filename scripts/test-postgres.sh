#!/usr/bin/env bash
# A throwaway PostgreSQL for the sanitizer's tests: Debian's `postgresql` package (installed if
# missing), a fresh cluster in a temp dir, listening on loopback only, trust auth, one database.
#
#   eval "$(scripts/test-postgres.sh start)"   # exports SANITIZE_TEST_DATABASE_URL and SANITIZE_TEST_PGDATA
#   scripts/test-postgres.sh stop              # stops the cluster in $SANITIZE_TEST_PGDATA and removes it
#
# stdout carries only the `export` lines; progress goes to stderr. In GitHub Actions the variables
# are also appended to $GITHUB_ENV for later steps. Exits non-zero if the server does not answer.
set -euo pipefail

log() { printf 'test-postgres: %s\n' "$*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    log "installing Debian's postgresql package"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  printf '%s' "$dir"
}

# initdb and postgres refuse to run as root: as root, run them as the package's postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin data port user url
  bin=$(pg_bin)
  data=$(mktemp -d /tmp/sanitize-pg.XXXXXX)
  chmod 700 "$data"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
  user=$([ "$(id -u)" -eq 0 ] && echo postgres || id -un)
  port=${SANITIZE_TEST_PORT:-$((54000 + RANDOM % 1000))}
  log "initdb in $data ($("$bin/postgres" --version))"
  as_owner "$bin/initdb" -D "$data/db" -U "$user" --auth=trust --no-sync -E UTF8 >/dev/null
  # Loopback only, socket in the temp dir; fsync off: a test database need not survive a crash.
  as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" sanitize_test
  as_owner "$bin/pg_isready" -h 127.0.0.1 -p "$port" -U "$user" -d sanitize_test >&2
  url="postgresql://$user@127.0.0.1:$port/sanitize_test"
  log "ready: $url"
  printf 'export SANITIZE_TEST_DATABASE_URL=%q\nexport SANITIZE_TEST_PGDATA=%q\n' "$url" "$data"
  if [ -n "${GITHUB_ENV:-}" ]; then
    printf 'SANITIZE_TEST_DATABASE_URL=%s\nSANITIZE_TEST_PGDATA=%s\n' "$url" "$data" >>"$GITHUB_ENV"
  fi
}

stop() {
  local data=${SANITIZE_TEST_PGDATA:?SANITIZE_TEST_PGDATA is not set: nothing to stop}
  case "$data" in /tmp/sanitize-pg.*) ;; *) log "refusing to remove $data"; exit 2 ;; esac
  as_owner "$(pg_bin)/pg_ctl" -D "$data/db" -m fast -w stop >&2 || true
  rm -rf "$data"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) log "usage: $0 start|stop"; exit 2 ;;
esac
