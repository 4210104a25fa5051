#!/usr/bin/env bash
# A throwaway PostgreSQL and Redis for the reference application's tests (app/test/), set up with
# the values of the generated .env.example: its database user, database name and DB_PASSWORD
# (password authentication over TCP, so a wrong secret fails). Debian's postgresql and
# redis-server packages, installed if missing; loopback only, ports picked at random.
#
#   eval "$(scripts/test-app-services.sh start)"   # exports APP_TEST_POSTGRES_PORT, APP_TEST_REDIS_PORT, APP_TEST_DIR
#   scripts/test-app-services.sh stop               # stops both and removes $APP_TEST_DIR
#
# stdout carries only the `export` lines; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'test-app-services: %s\n' "$*" >&2; }

install_missing() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing Debian's $*"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

newest_pg_bin() {
  printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1
}

pg_bin() {
  local dir
  dir=$(newest_pg_bin)
  if [ ! -x "$dir/initdb" ]; then
    install_missing postgresql
    dir=$(newest_pg_bin)
  fi
  printf '%s' "$dir"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A value of .env.example, e.g. env_value DB_PASSWORD.
env_value() {
  sed -n "s/^$1=//p" .env.example | head -1
}

start() {
  command -v redis-server >/dev/null || install_missing redis-server
  local bin dir pg_port redis_port url user db password
  bin=$(pg_bin)
  url=$(env_value DATABASE_URL)
  password=$(env_value DB_PASSWORD)
  user=$(printf '%s' "$url" | sed -E 's#^postgres(ql)?://([^@:/]+)@.*#\2#')
  db=$(printf '%s' "$url" | sed -E 's#^[^/]*//[^/]+/([^?]+).*#\1#')
  dir=$(mktemp -d /tmp/app-test.XXXXXX)
  chmod 755 "$dir"
  mkdir -m 700 "$dir/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pg"
  pg_port=$((55000 + RANDOM % 1000))
  redis_port=$((56000 + RANDOM % 1000))
  printf '%s\n' "$password" >"$dir/pwfile"
  chmod 644 "$dir/pwfile"
  log "PostgreSQL $("$bin/postgres" --version) as $user/$db on 127.0.0.1:$pg_port"
  as_owner "$bin/initdb" -D "$dir/pg/db" -U "$user" --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync -E UTF8 >/dev/null
  rm -f "$dir/pwfile"
  as_owner "$bin/pg_ctl" -D "$dir/pg/db" -l "$dir/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir/pg -c fsync=off" start >&2
  as_owner "$bin/createdb" -h "$dir/pg" -p "$pg_port" -U "$user" "$db"
  log "Redis $(redis-server --version | cut -d' ' -f3) on 127.0.0.1:$redis_port"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$redis_port" ping >&2
  printf 'export APP_TEST_POSTGRES_PORT=%q\nexport APP_TEST_REDIS_PORT=%q\nexport APP_TEST_DIR=%q\n' \
    "$pg_port" "$redis_port" "$dir"
}

stop() {
  local dir=${APP_TEST_DIR:?APP_TEST_DIR is not set: nothing to stop}
  case "$dir" in /tmp/app-test.*) ;; *) log "refusing to remove $dir"; exit 2 ;; esac
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/pg/db" -m fast -w stop >&2 || true
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) log "usage: $0 start|stop"; exit 2 ;;
esac
