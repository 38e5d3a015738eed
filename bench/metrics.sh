#!/usr/bin/env bash
# What metrics cost (issue 16): requests/s on the hot cached routes of the mock data with
# `hdoc serve --metrics-listen` and without it, one binary, two servers side by side on the same
# data, the two interleaved round by round (off, on, on, off, off, on, ...) so that the machine's noise
# falls on both alike. Each server pinned to CPU 0 (--threads 1), wrk to CPU 1. Scrapes are timed
# apart, at the end (a scraper running beside wrk would take wrk's CPU, not the server's): what one
# scrape costs the server, which Prometheus asks for every 15 s by default.
#   bench/metrics.sh [HDOC]       (default build/release/hdoc)
# Knobs: ROUNDS=7 DURATION=3 CONNS="16 64" ROUTES="..." PORT=18110. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
HDOC=${1:-build/release/hdoc}
ROUNDS=${ROUNDS:-7}; DURATION=${DURATION:-3}; CONNS=${CONNS:-16 64}; PORT=${PORT:-18110}
ROUTES=${ROUTES:-/api/leaderboard?limit=10 /api/users/fdurham0 /api/tags?limit=20 /api/users/recent?limit=5}
WORK=$(mktemp -d); PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
"$HDOC" import users tests/fixtures/frontend-mock/users.json --db "$WORK/mock.db" >/dev/null
"$HDOC" import articles tests/fixtures/frontend-mock/articles.json --db "$WORK/mock.db" >/dev/null
OFF=$PORT ON=$((PORT + 1)) METRICS=$((PORT + 2))
taskset -c 0 "$HDOC" serve --db "$WORK/mock.db" --listen 127.0.0.1:$OFF --threads 1 --quiet >/dev/null 2>&1 &
PIDS+=($!)
taskset -c 0 "$HDOC" serve --db "$WORK/mock.db" --listen 127.0.0.1:$ON --threads 1 --quiet \
  --metrics-listen 127.0.0.1:$METRICS >/dev/null 2>&1 &
PIDS+=($!)
for p in $OFF $ON; do until curl -s -o /dev/null -m 1 "http://127.0.0.1:$p/healthz"; do sleep 0.05; done; done
rps() {  # port route conns
  taskset -c 1 wrk -t1 -c"$3" -d1s "http://127.0.0.1:$1$2" >/dev/null
  taskset -c 1 wrk -t1 -c"$3" -d"${DURATION}s" "http://127.0.0.1:$1$2" | awk '/Requests\/sec/ { print $2 }'
}
# shellcheck source=bench/lib.sh
. bench/lib.sh  # the working directory is the repository root (cd above)
echo "| route | conns | req/s metrics off | req/s metrics on | on/off |"
echo "| --- | ---: | ---: | ---: | ---: |"
for route in $ROUTES; do
  for c in $CONNS; do
    : >"$WORK/off"; : >"$WORK/on"
    for round in $(seq "$ROUNDS"); do
      # Which goes first alternates, so that neither always runs on a warmer (or cooler) machine.
      if [ $((round % 2)) = 1 ]; then
        rps $OFF "$route" "$c" >>"$WORK/off"
        rps $ON "$route" "$c" >>"$WORK/on"
      else
        rps $ON "$route" "$c" >>"$WORK/on"
        rps $OFF "$route" "$c" >>"$WORK/off"
      fi
    done
    off=$(median <"$WORK/off") on=$(median <"$WORK/on")
    awk -v r="$route" -v c="$c" -v off="$off" -v on="$on" \
      'BEGIN { printf "| `%s` | %d | %.0f | %.0f | %.3f |\n", r, c, off, on, on / off }'
  done
done
# What a scrape costs: the server's CPU time over 200 scrapes in a row (utime + stime of the process,
# in clock ticks, from /proc), and the series it returns (bounded by the route table, not the traffic).
ON_PID=${PIDS[1]}
cpu() { awk '{ print $14 + $15 }' "/proc/$ON_PID/stat"; }
before=$(cpu)
for _ in $(seq 200); do taskset -c 1 curl -s -o /dev/null "http://127.0.0.1:$METRICS/metrics"; done
after=$(cpu)
ticks=$(getconf CLK_TCK)
echo
awk -v b="$before" -v a="$after" -v t="$ticks" -v s="$(curl -s "http://127.0.0.1:$METRICS/metrics" | grep -vc '^#')" \
  -v bytes="$(curl -s "http://127.0.0.1:$METRICS/metrics" | wc -c)" 'BEGIN {
    ms = (a - b) * 1000 / t / 200
    printf "One scrape: %d series, %d bytes, %.2f ms of server CPU (%.4f%% of a core at one scrape per 15 s).\n", s, bytes, ms, ms / 150
  }'
