#!/usr/bin/env bash
# The soak (issue 7): `hdoc serve` under 10 minutes of mixed reads and writes at 256 connections with
# wrk (soak.lua), its RSS sampled every few seconds. Not part of the test suite (it takes the whole
# machine for DURATION seconds). Passes when wrk saw no socket error, no 5xx and no other non-2xx/304
# answer, the server still answers and stops cleanly, the database passes PRAGMA integrity_check, and
# RSS after warm-up grew by less than RSS_GROWTH_MAX_KB.
#
# Knobs (environment): DURATION=600 CONNS=256 WRK_THREADS=2 HDOC_THREADS=2 WRITERS=64 USERS=10000
# ARTICLES=1000 SAMPLE_EVERY=5 WARMUP=60 (seconds before the RSS baseline) RSS_GROWTH_MAX_KB=32768
# PORT=18091 HDOC=path (default: build/release/hdoc, built when missing) SOAK_WORK=dir (default
# bench/work/soak, git-ignored). The figures go to $SOAK_WORK/summary.txt and stdout.
set -euo pipefail

SOAK_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$SOAK_DIR/../.." && pwd)"
WORK="${SOAK_WORK:-$ROOT/bench/work/soak}"
DURATION="${DURATION:-600}"
CONNS="${CONNS:-256}"
WRK_THREADS="${WRK_THREADS:-2}"
HDOC_THREADS="${HDOC_THREADS:-2}"
WRITERS="${WRITERS:-64}"
USERS="${USERS:-10000}"
ARTICLES="${ARTICLES:-1000}"
SAMPLE_EVERY="${SAMPLE_EVERY:-5}"
WARMUP="${WARMUP:-60}"
RSS_GROWTH_MAX_KB="${RSS_GROWTH_MAX_KB:-32768}"
PORT="${PORT:-18091}"
ISSUER="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Soak"
CLIENT_ID="soakclient"

log() { echo "[soak $(date -u +%T)] $*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in wrk curl sqlite3 python3 openssl; do
  command -v "$tool" >/dev/null && continue
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  log "installing $tool"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$tool" >/dev/null
done

HDOC="${HDOC:-$ROOT/build/release/hdoc}"
if [ ! -x "$HDOC" ]; then
  log "building $HDOC"
  (cd "$ROOT" && cmake --preset release -DHDOC_TESTS=OFF >/dev/null && cmake --build --preset release --target hdoc)
fi

rm -rf "$WORK"
mkdir -p "$WORK"
DB="$WORK/soak.db"
SERVER_PID=""
SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

log "seeding $USERS journeyers and $ARTICLES articles"
"$HDOC" seed --users "$USERS" --articles "$ARTICLES" --db "$DB" >/dev/null
python3 "$SOAK_DIR/tokens.py" "$WORK" "$WRITERS" "$ISSUER" "$CLIENT_ID"

"$HDOC" serve --listen "127.0.0.1:$PORT" --db "$DB" --threads "$HDOC_THREADS" --quiet --write-rate 0 \
  --jwks "$WORK/jwks.json" --issuer "$ISSUER" --client-id "$CLIENT_ID" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || die "hdoc serve did not start: $(cat "$WORK/server.log")"

log "creating $WRITERS writer profiles"
while read -r profile token; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/api/users" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"githubProfile\":\"$profile\",\"name\":\"Soak $profile\"}")
  [ "$code" = 201 ] || die "creating $profile: HTTP $code"
done <"$WORK/writers.txt"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }
fds() { ls "/proc/$SERVER_PID/fd" | wc -l; }
(
  start=$(date +%s)
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    printf '%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "$(rss_kb)" "$(fds)"
    sleep "$SAMPLE_EVERY"
  done
) >"$WORK/rss.tsv" &
SAMPLER_PID=$!

log "wrk: ${DURATION}s, $CONNS connections, $WRK_THREADS threads"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -s "$SOAK_DIR/soak.lua" \
  "http://127.0.0.1:$PORT" -- "$WORK/writers.txt" >"$WORK/wrk.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk.txt")"
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
rss_end=$(rss_kb)
fds_end=$(fds)
kill -TERM "$SERVER_PID"
exit_code=0
wait "$SERVER_PID" || exit_code=$?
SERVER_PID=""
integrity=$(sqlite3 "$DB" 'PRAGMA integrity_check')

line=$(grep '^SOAK ' "$WORK/wrk.txt") || die "no summary from wrk: $(cat "$WORK/wrk.txt")"
get() { echo "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
rss_first=$(awk 'NR == 1 { print $2 }' "$WORK/rss.tsv")
rss_warm=$(awk -v w="$WARMUP" '$1 >= w { print $2; exit }' "$WORK/rss.tsv")
rss_max=$(awk 'm < $2 { m = $2 } END { print m }' "$WORK/rss.tsv")
rss_last=$(tail -1 "$WORK/rss.tsv" | cut -f2)
growth=$(( rss_last - ${rss_warm:-$rss_first} ))
articles=$(sqlite3 "$DB" 'SELECT count(*) FROM articles' 2>/dev/null || echo '?')
entries=$(sqlite3 "$DB" 'SELECT count(*) FROM entries' 2>/dev/null || echo '?')

{
  echo "soak $(date -u +%FT%TZ): ${DURATION}s, $CONNS connections, $USERS journeyers, $WRITERS writers, hdoc --threads $HDOC_THREADS"
  echo "requests $(get requests) ($(get rps)/s), writes $(get writes), 2xx $(get 2xx), 304 $(get 304), 4xx $(get 4xx), 5xx $(get 5xx)"
  echo "socket errors $(get socket_errors) (connect $(get connect), read $(get read), write $(get write), timeout $(get timeout))"
  echo "latency p50 $(get p50_ms) ms, p99 $(get p99_ms) ms, max $(get max_ms) ms"
  echo "RSS KiB: start $rss_first, after ${WARMUP}s warm-up ${rss_warm:-?}, max $rss_max, end $rss_last (growth after warm-up $growth)"
  echo "descriptors at the end $fds_end; /healthz after the soak $health; exit on SIGTERM $exit_code; integrity_check $integrity"
  echo "rows written: articles $articles, entries $entries"
} | tee "$WORK/summary.txt"

fail=0
[ "$(get socket_errors)" = 0 ] || { log "FAIL: socket errors"; fail=1; }
[ "$(get 5xx)" = 0 ] || { log "FAIL: 5xx answers"; fail=1; }
[ "$(get 4xx)" = 0 ] && [ "$(get other)" = 0 ] || { log "FAIL: unexpected answers"; fail=1; }
[ "$health" = 200 ] || { log "FAIL: /healthz after the soak answered $health"; fail=1; }
[ "$exit_code" = 0 ] || { log "FAIL: hdoc serve exited $exit_code on SIGTERM"; fail=1; }
[ "$integrity" = ok ] || { log "FAIL: integrity_check: $integrity"; fail=1; }
[ "$growth" -lt "$RSS_GROWTH_MAX_KB" ] || { log "FAIL: RSS grew by $growth KiB after warm-up"; fail=1; }
[ $fail = 0 ] && log "PASS" || log "FAIL (work files in $WORK)"
exit $fail
