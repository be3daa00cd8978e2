#!/usr/bin/env bash
# A private PostgreSQL server for the tests: Debian's package, a fresh data folder in
# /tmp, listening on 127.0.0.1 only. Sets CLEX_TEST_PG_URL for pytest.
PG_PORT=${PG_PORT:-54330}
PG_DIR=${PG_DIR:-/tmp/clex-ci-pg}

_pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  echo "$bin"
}

install_postgres() {
  if [ -n "$(_pg_bin)" ] && id postgres >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed and this is not root: the PostgreSQL tests will skip." >&2
    return 1
  fi
  echo "Installing PostgreSQL from Debian's packages ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null
}

start_postgres() {
  install_postgres || return 0
  local bin run
  bin=$(_pg_bin)
  run=""
  [ "$(id -u)" = 0 ] && run="runuser -u postgres --"
  # a server an earlier run left on this folder (killed before its trap stopped it) still
  # holds the port: stop it, or this one cannot listen ("Address already in use")
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    $run "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  $run "$bin/initdb" -D "$PG_DIR/data" -U clex --auth=trust -E UTF8 >/dev/null
  $run "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null
  $run "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U clex clex_test
  export CLEX_TEST_PG_URL="postgresql+psycopg://clex@127.0.0.1:$PG_PORT/clex_test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT for the tests"
}

stop_postgres() {
  local bin run=""
  bin=$(_pg_bin)
  [ -n "$bin" ] && [ -d "$PG_DIR/data" ] || return 0
  [ "$(id -u)" = 0 ] && run="runuser -u postgres --"
  $run "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}
