#!/usr/bin/env bash
# Before/after for one optimisation: two hdoc binaries served from copies of the same database, the
# server pinned to one core and wrk to the other, the two measured in turn (A, B, A, B, ...) so that the
# machine's noise falls on both alike. Prints one row per route and connection count with the median
# requests/s of each binary and the ratio B/A.
#
#   bench/ab.sh OLD_HDOC NEW_HDOC [DB]
#
# DB defaults to the mock dataset that bench/run.sh prepares (bench/work/data/mock/hdoc.db); without
# it, the frontend fixtures are imported. Knobs: ROUNDS=3 DURATION=3 CONNS="1 64 256"
# ROUTES="/api/tags?limit=20 ..." THREADS=1 (hdoc serve --threads) SERVER_CPU=0 CLIENT_CPU=1 (taskset
# lists, e.g. 0,1 for both) PORT=18097.
set -euo pipefail

A=${1:?usage: bench/ab.sh OLD_HDOC NEW_HDOC [DB]}
B=${2:?usage: bench/ab.sh OLD_HDOC NEW_HDOC [DB]}
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
DB=${3:-$BENCH_DIR/work/data/mock/hdoc.db}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-3}
CONNS=${CONNS:-1 64 256}
ROUTES=${ROUTES:-/api/leaderboard?limit=10 /api/tags?limit=20 /api/articles/AWS?limit=5 /api/users/fdurham0 /api/users/recent?limit=10}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-18097}
THREADS=${THREADS:-1}
WORK=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# Each binary gets its own copy of the data, imported by itself when no DB is given: a newer hdoc
# migrates a database forward, which an older one then refuses to open.
declare -A DBS
if [ ! -f "$DB" ]; then
  fixtures="$(cd "$BENCH_DIR/.." && pwd)/tests/fixtures/frontend-mock"
  for bin in "$A" "$B"; do
    db="$WORK/fixtures-$(echo "$bin" | md5sum | cut -c1-8).db"
    [ -f "$db" ] || {
      "$bin" import users "$fixtures/users.json" --db "$db" >/dev/null
      "$bin" import articles "$fixtures/articles.json" --db "$db" >/dev/null
    }
    DBS[$bin]=$db
  done
else
  DBS[$A]=$DB DBS[$B]=$DB
fi

start() {  # $1 = binary
  cp "${DBS[$1]}" "$WORK/serve.db"
  taskset -c "$SERVER_CPU" "$1" serve --db "$WORK/serve.db" --listen "127.0.0.1:$PORT" --threads "$THREADS" --quiet \
    >/dev/null 2>&1 </dev/null &
  PID=$!
  until curl -s -o /dev/null -m 1 "http://127.0.0.1:$PORT/healthz"; do sleep 0.05; done
}
stop() {
  kill -TERM "$PID" && wait "$PID" 2>/dev/null || true
  PID=""
}
# WRK_HEADER (e.g. "Accept-Encoding: gzip, deflate, br") is sent with every request of both.
wrk_args=()
[ -n "${WRK_HEADER:-}" ] && wrk_args=(-H "$WRK_HEADER")
rps() {  # $1 = target, $2 = connections
  taskset -c "$CLIENT_CPU" wrk "${wrk_args[@]}" -t1 -c"$2" -d1s "http://127.0.0.1:$PORT$1" >/dev/null
  taskset -c "$CLIENT_CPU" wrk "${wrk_args[@]}" -t1 -c"$2" -d"${DURATION}s" "http://127.0.0.1:$PORT$1" |
    awk '/Requests\/sec/ { print $2 }'
}
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"

printf '| route | conns | A req/s | B req/s | B/A |\n| --- | ---: | ---: | ---: | ---: |\n'
for route in $ROUTES; do
  for c in $CONNS; do
    : >"$WORK/a" && : >"$WORK/b"
    for _ in $(seq "$ROUNDS"); do
      start "$A" && rps "$route" "$c" >>"$WORK/a" && stop
      start "$B" && rps "$route" "$c" >>"$WORK/b" && stop
    done
    a=$(median <"$WORK/a") b=$(median <"$WORK/b")
    awk -v r="$route" -v c="$c" -v a="$a" -v b="$b" \
      'BEGIN { printf "| `%s` | %d | %.0f | %.0f | %.2fx |\n", r, c, a, b, (a > 0 ? b / a : 0) }'
  done
done
