#!/usr/bin/env bash
# Compression on the mock data: bytes on the wire and requests/s per route with identity, gzip and
# Brotli, one binary, the three interleaved (identity, gzip, br, identity, ...) so that the machine's
# noise falls on all alike. Server pinned to CPU 0 (--threads 1), wrk to CPU 1.
#   bench/compression.sh [HDOC]       (default build/release/hdoc)
# Knobs: ROUNDS=3 DURATION=3 CONNS="16 64" ROUTES="..." PORT=18098. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
HDOC=${1:-build/release/hdoc}
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-3}; CONNS=${CONNS:-16 64}; PORT=${PORT:-18098}
ROUTES=${ROUTES:-/api/users /api/articles /api/tags /api/leaderboard?limit=100 /api/tags?limit=20 /api/leaderboard?limit=10 /api/users/fdurham0}
WORK=$(mktemp -d); PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
"$HDOC" import users tests/fixtures/frontend-mock/users.json --db "$WORK/mock.db" >/dev/null
"$HDOC" import articles tests/fixtures/frontend-mock/articles.json --db "$WORK/mock.db" >/dev/null
taskset -c 0 "$HDOC" serve --db "$WORK/mock.db" --listen 127.0.0.1:$PORT --threads 1 --quiet >/dev/null 2>&1 &
PID=$!
until curl -s -o /dev/null -m 1 "http://127.0.0.1:$PORT/healthz"; do sleep 0.05; done
declare -A HEADER=([identity]="Accept-Encoding: identity" [gzip]="Accept-Encoding: gzip" [br]="Accept-Encoding: gzip, deflate, br")
size() { curl -s -o /dev/null -w '%{size_download}' -H "${HEADER[$2]}" "http://127.0.0.1:$PORT$1"; }
rps() {  # route conns coding
  taskset -c 1 wrk -H "${HEADER[$3]}" -t1 -c"$2" -d1s "http://127.0.0.1:$PORT$1" >/dev/null
  taskset -c 1 wrk -H "${HEADER[$3]}" -t1 -c"$2" -d"${DURATION}s" "http://127.0.0.1:$PORT$1" | awk '/Requests\/sec/ { print $2 }'
}
# shellcheck source=bench/lib.sh
. bench/lib.sh  # the working directory is the repository root (cd above)
echo "| route | bytes identity | gzip | br | conns | req/s identity | gzip | br | gzip/identity | br/identity |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for route in $ROUTES; do
  si=$(size "$route" identity) sg=$(size "$route" gzip) sb=$(size "$route" br)
  for c in $CONNS; do
    : >"$WORK/identity"; : >"$WORK/gzip"; : >"$WORK/br"
    for _ in $(seq "$ROUNDS"); do
      for coding in identity gzip br; do rps "$route" "$c" $coding >>"$WORK/$coding"; done
    done
    i=$(median <"$WORK/identity") g=$(median <"$WORK/gzip") b=$(median <"$WORK/br")
    awk -v r="$route" -v si="$si" -v sg="$sg" -v sb="$sb" -v c="$c" -v i="$i" -v g="$g" -v b="$b" \
      'BEGIN { printf "| `%s` | %d | %d | %d | %d | %.0f | %.0f | %.0f | %.2f | %.2f |\n", r, si, sg, sb, c, i, g, b, g / i, b / i }'
  done
done
