#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the hub tests (issue 16.7), run as a non-root user.
#
#   bash scripts/pg_cluster.sh start DIR   # prints the maintenance URL postgresql://sd@127.0.0.1:PORT/postgres
#   bash scripts/pg_cluster.sh stop DIR    # stops it and removes DIR
#
# Uses the distribution's PostgreSQL (scripts/setup.sh installs `postgresql` on Debian/Ubuntu):
# initdb/pg_ctl from PATH or the newest /usr/lib/postgresql/*/bin. As root the server runs as the
# `postgres` user (PostgreSQL refuses to run as root); otherwise as the current user. It listens
# on 127.0.0.1 on a free port with trust authentication for the role `sd`: only for tests.
set -euo pipefail

cmd="${1:?start|stop}"
dir="${2:?DIR}"

pg_bin() {
    local b
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    b="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [[ -n "$b" && -x "$b/pg_ctl" ]] || { echo "pg_cluster: PostgreSQL not found (apt-get install postgresql)" >&2; exit 1; }
    echo "$b"
}

as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
start)
    bin="$(pg_bin)"
    mkdir -p "$dir"
    chmod 755 "$dir"  # mktemp folders are 0700: the server's user must reach its data folder
    if [[ "$(id -u)" == 0 ]]; then chown postgres "$dir"; fi
    port="$(free_port)"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U sd -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w \
        -o "-p $port -k $dir -h 127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
        || { cat "$dir/data/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://sd@127.0.0.1:$port/postgres"
    ;;
stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
