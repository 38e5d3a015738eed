#!/usr/bin/env bash
# The benchmark (issue 6): hdoc serve against the website's current Next.js API and nginx serving the
# same bytes as static files, on the frontend's mock data and on seeded data from 1,000 to 1,000,000
# journeyers. Writes bench/results/<date>.md and bench/results/<date>-rps.png. `make bench` runs it.
#
# Every server is pinned to one core and wrk to another (taskset), and each peer gets the same routes,
# connection counts, warm-up and duration. Knobs (environment):
#   HDOC=path        use this hdoc binary instead of building build/release/hdoc
#   QUICK=1          a smoke run: mock + 1k datasets, 16 connections, 1 s cells
#   DURATION=3       seconds per cell            WARMUP=2   seconds of warm-up per route and peer
#   CONNS="1 16 64 256"                          DATASETS="mock 1k 100k 1m"
#   PEERS="hdoc nextjs nginx"                    HDOC_THREADS=1 (the server has one core)
#   SERVER_CPU=0 CLIENT_CPU=1                    WRK_TIMEOUT=10 (seconds before wrk counts a timeout)
#   DRAIN_MAX=15     seconds a peer may take to finish queued work after a cell before it is restarted
#   RESULTS_DATE=YYYY-MM-DD                      BENCH_WORK=dir (default bench/work, git-ignored)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WORK="${BENCH_WORK:-$BENCH_DIR/work}"
FIXTURES="${FIXTURES:-$ROOT/tests/fixtures/frontend-mock}"

if [ "${QUICK:-0}" = 1 ]; then
  : "${DURATION:=1}" "${WARMUP:=1}" "${CONNS:=16}" "${DATASETS:=mock 1k}"
fi
DURATION="${DURATION:-3}"
WARMUP="${WARMUP:-2}"
CONNS="${CONNS:-1 16 64 256}"
DATASETS="${DATASETS:-mock 1k 100k 1m}"
PEERS="${PEERS:-hdoc nextjs nginx}"
HDOC_THREADS="${HDOC_THREADS:-1}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10}"
DRAIN_MAX="${DRAIN_MAX:-15}"
RESULTS_DATE="${RESULTS_DATE:-$(date +%F)}"
HDOC_PORT="${HDOC_PORT:-18081}"
NEXT_PORT="${NEXT_PORT:-18082}"
NGINX_PORT="${NGINX_PORT:-18083}"
export NEXT_TELEMETRY_DISABLED=1

RESULTS="$WORK/results"  # raw TSVs of this run; report.sh turns them into bench/results/<date>.md
PEER_PID=""
PEAK_RSS=0
RESTARTS=0

log() { echo "[bench $(date -u +%T)] $*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
meta() { printf '%s\t%s\n' "$1" "$2" >>"$RESULTS/meta.tsv"; }

cleanup() {
  [ -n "$PEER_PID" ] && stop_peer
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- what the run needs ------------------------------------------------------------------------------

install_missing() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
  command -v gnuplot >/dev/null || need+=(gnuplot-nox)
  command -v taskset >/dev/null || need+=(util-linux)
  command -v curl >/dev/null || need+=(curl)
  command -v node >/dev/null || need+=(nodejs)
  command -v npm >/dev/null || need+=(npm)
  if [ ${#need[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    log "installing: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  export PATH="$PATH:/usr/sbin"
}

build_hdoc() {
  if [ -n "${HDOC:-}" ]; then
    [ -x "$HDOC" ] || die "HDOC=$HDOC is not an executable"
    return
  fi
  log "building hdoc (release preset)"
  (cd "$ROOT" && cmake --preset release >/dev/null && cmake --build --preset release --target hdoc)
  HDOC="$ROOT/build/release/hdoc"
}

build_nextjs() {
  local app="$BENCH_DIR/nextjs"
  if [ ! -d "$app/node_modules/next" ]; then
    log "installing the Next.js peer (npm ci)"
    (cd "$app" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # Rebuild when any source is newer than the last build.
  if [ ! -f "$app/.next/BUILD_ID" ] ||
    [ -n "$(find "$app/pages" "$app/lib" "$app"/*.js -newer "$app/.next/BUILD_ID" 2>/dev/null | head -1)" ]; then
    log "building the Next.js peer (next build)"
    (cd "$app" && npx --no-install next build >"$WORK/next-build.log" 2>&1) || {
      cat "$WORK/next-build.log" >&2
      die "next build failed"
    }
  fi
}

# --- servers -----------------------------------------------------------------------------------------

# Peak resident memory (VmHWM, kB) of a process and all its descendants, summed.
peak_rss_kb() {
  local pid=$1 total=0 kb child
  kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
  total=$((total + ${kb:-0}))
  for child in $(pgrep -P "$pid" 2>/dev/null || true); do
    total=$((total + $(peak_rss_kb "$child")))
  done
  echo "$total"
}

# Waits until URL answers 200; prints the seconds it took since START.
wait_ready() {
  local url=$1 start=$2 limit=${3:-300}
  while :; do
    if curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null | grep -q '^200$'; then
      elapsed "$start"
      return 0
    fi
    kill -0 "$PEER_PID" 2>/dev/null || return 1
    if awk -v a="$start" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then return 1; fi
    sleep 0.05
  done
}

peer_port() {
  case $1 in hdoc) echo "$HDOC_PORT" ;; nextjs) echo "$NEXT_PORT" ;; nginx) echo "$NGINX_PORT" ;; esac
}

# Starts PEER on dataset DS (pinned to SERVER_CPU) and waits until it serves; sets PEER_PID, READY_S.
start_peer() {
  local peer=$1 ds=$2 dir="$WORK/data/$2" port start
  port=$(peer_port "$peer")
  if curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/" 2>/dev/null; then
    die "port $port is already in use (set ${peer^^}_PORT)"
  fi
  start=$(now)
  case $peer in
    hdoc)
      taskset -c "$SERVER_CPU" "$HDOC" serve --listen "127.0.0.1:$port" --db "$dir/hdoc.db" \
        --threads "$HDOC_THREADS" --quiet >"$WORK/logs/hdoc-$ds.log" 2>&1 </dev/null &
      PEER_PID=$!
      READY_URL="http://127.0.0.1:$port/healthz"
      ;;
    nextjs)
      (cd "$BENCH_DIR/nextjs" && BENCH_DATA_DIR="$dir" NODE_OPTIONS="--max-old-space-size=16384" \
        exec taskset -c "$SERVER_CPU" node node_modules/next/dist/bin/next start -H 127.0.0.1 -p "$port" \
        >"$WORK/logs/nextjs-$ds.log" 2>&1 </dev/null) &
      PEER_PID=$!
      READY_URL="http://127.0.0.1:$port/api/users/$(cat "$dir/user-id")"
      ;;
    nginx)
      local prefix="$WORK/nginx-$ds" user=""
      rm -rf "$prefix" && mkdir -p "$prefix"
      [ "$(id -u)" -eq 0 ] && user="user root;"
      sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$port|g" -e "s|@ROOT@|$dir/static|g" -e "s|@USER@|$user|" \
        "$BENCH_DIR/nginx.conf.in" >"$prefix/nginx.conf"
      taskset -c "$SERVER_CPU" nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" \
        >"$WORK/logs/nginx-$ds.log" 2>&1 </dev/null &
      PEER_PID=$!
      READY_URL="http://127.0.0.1:$port/api/users/$(cat "$dir/user-id")"
      ;;
  esac
  READY_S=$(wait_ready "$READY_URL" "$start") || {
    tail -20 "$WORK/logs/$peer-$ds.log" >&2 || true
    die "$peer did not become ready on $ds"
  }
  log "$peer serving $ds (pid $PEER_PID) after ${READY_S}s"
}

stop_peer() {
  local pid=$PEER_PID i
  PEER_PID=""
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# After a cell, a slow peer may still be working through requests that wrk gave up on (up to one per
# connection); the next cell must not pay for them. Waits until a cheap request is answered; when that
# takes longer than DRAIN_MAX seconds the peer is restarted instead (counted in the report).
settle() {
  local peer=$1 ds=$2 url=$3 start
  start=$(now)
  until curl -s -o /dev/null -m 2 "$url" 2>/dev/null; do
    if awk -v a="$start" -v b="$(now)" -v l="$DRAIN_MAX" 'BEGIN { exit !(b - a > l) }'; then
      log "$peer still busy after ${DRAIN_MAX}s: restarting it"
      note_peak_rss
      stop_peer
      start_peer "$peer" "$ds"
      RESTARTS=$((RESTARTS + 1))
      return 0
    fi
    sleep 0.2
  done
}

note_peak_rss() {
  local kb
  kb=$(peak_rss_kb "$PEER_PID")
  [ "$kb" -gt "$PEAK_RSS" ] && PEAK_RSS=$kb
  return 0
}

# --- datasets ----------------------------------------------------------------------------------------

users_of() {
  case $1 in mock) echo 1000 ;; 1k) echo 1000 ;; 100k) echo 100000 ;; 1m) echo 1000000 ;; *) die "unknown dataset $1" ;; esac
}

prepare_dataset() {
  local ds=$1 dir="$WORK/data/$1" users articles start t
  rm -rf "$dir" && mkdir -p "$dir/static"
  if [ "$ds" = mock ]; then
    [ -f "$FIXTURES/users.json" ] || die "no frontend mock data at $FIXTURES"
    "$HDOC" import users "$FIXTURES/users.json" --db "$dir/hdoc.db" >/dev/null
    "$HDOC" import articles "$FIXTURES/articles.json" --db "$dir/hdoc.db" >/dev/null
    # The Next.js peer serves the website's own files, as the website does.
    cp "$FIXTURES/users.json" "$FIXTURES/articles.json" "$dir/"
    echo fdurham0 >"$dir/user-id"
    return
  fi
  users=$(users_of "$ds")
  articles=$((users / 10))
  log "seeding $ds: $users users, $articles articles"
  start=$(now)
  "$HDOC" seed --users "$users" --articles "$articles" --db "$dir/hdoc.db" >/dev/null
  t=$(elapsed "$start")
  meta "seed_s.$ds" "$t"
  log "seeded $ds in ${t}s"
  start=$(now)
  "$HDOC" export users --db "$dir/hdoc.db" >"$dir/users.json"
  "$HDOC" export articles --db "$dir/hdoc.db" >"$dir/articles.json"
  meta "export_s.$ds" "$(elapsed "$start")"
  # An existing user from the middle of the export, as it is spelled there.
  grep -o '"githubProfile": *"[^"]*"' "$dir/users.json" | sed -n "$((users / 2 + 1))p" |
    sed 's/.*"\([^"]*\)"$/\1/' >"$dir/user-id"
  [ -s "$dir/user-id" ] || die "could not pick a user from $dir/users.json"
  meta "dataset_bytes.$ds" "$(($(stat -c %s "$dir/users.json") + $(stat -c %s "$dir/articles.json")))"
}

# The import rate: the exported 1M file imported into a fresh database.
measure_import() {
  local ds=$1 dir="$WORK/data/$1" users start t
  users=$(users_of "$ds")
  start=$(now)
  "$HDOC" import users "$dir/users.json" --db "$dir/import.db" >/dev/null
  t=$(elapsed "$start")
  meta "import_users_s.$ds" "$t"
  meta "import_users_per_s.$ds" "$(awk -v n="$users" -v t="$t" 'BEGIN { printf "%.0f", n / t }')"
  start=$(now)
  "$HDOC" import articles "$dir/articles.json" --db "$dir/import.db" >/dev/null
  meta "import_articles_s.$ds" "$(elapsed "$start")"
  rm -f "$dir/import.db" "$dir/import.db-wal" "$dir/import.db-shm"
  log "imported $ds users in ${t}s"
}

# --- routes ------------------------------------------------------------------------------------------

# name and request target of every single-route cell; USER_ID is filled in per dataset.
routes() {
  echo "leaderboard /api/leaderboard?limit=10"
  echo "tags /api/tags?limit=20"
  echo "articles /api/articles/AWS?limit=5"
  echo "user /api/users/$1"
  echo "recent /api/users/recent?limit=10"
}

# What the home page asks for on one view (components Tags, NewsCarousel x3, HomeLeaderboard, and the
# recent journeyers list). The featured article's unbounded /api/articles/ is left out: it returns the
# whole table and would measure nothing but its size.
MIXED_PATHS=(/api/tags?limit=20 /api/articles/AWS?limit=5 /api/articles/Azure?limit=5
  /api/articles/GCP?limit=5 /api/leaderboard?limit=5 /api/users/recent?limit=10)

# The nginx peer's files: hdoc's exact answer to every target, fetched while hdoc serves DS.
capture_static() {
  local ds=$1 dir="$WORK/data/$1" n=0 target file
  : >"$dir/static/urls.map"
  while read -r target; do
    n=$((n + 1))
    file="r$n.json"
    curl -sf "http://127.0.0.1:$HDOC_PORT$target" -o "$dir/static/$file" || die "hdoc failed on $target"
    printf '"%s" /%s;\n' "$target" "$file" >>"$dir/static/urls.map"
  done < <({ routes "$(cat "$dir/user-id")" | awk '{ print $2 }'; printf '%s\n' "${MIXED_PATHS[@]}"; } | awk '!seen[$0]++')
  chmod -R a+rX "$dir/static"
}

# Whether the Next.js peer answers with the same bytes as hdoc (ties may be ordered differently).
compare_bodies() {
  local ds=$1 dir="$WORK/data/$1" target file
  while read -r target file; do
    target=${target#\"} && target=${target%\"} && file=${file%;}
    if curl -s -m 120 "http://127.0.0.1:$NEXT_PORT$target" | cmp -s - "$dir/static$file"; then
      printf '%s\t%s\tsame\n' "$ds" "$target" >>"$RESULTS/compare.tsv"
    else
      printf '%s\t%s\tdiffers\n' "$ds" "$target" >>"$RESULTS/compare.tsv"
    fi
  done <"$dir/static/urls.map"
}

# --- load --------------------------------------------------------------------------------------------

# Runs wrk; prints "rps p50_ms p99_ms requests errors" (errors: non-2xx/3xx plus socket errors).
wrk_cell() {
  local conns=$1 seconds=$2 url=$3 script=${4:-} out
  local args=(-t1 "-c$conns" "-d${seconds}s" --timeout "${WRK_TIMEOUT}s" --latency)
  if [ -n "$script" ]; then
    out=$(taskset -c "$CLIENT_CPU" wrk "${args[@]}" -s "$script" "$url" -- "${MIXED_PATHS[@]}" 2>&1 </dev/null) || true
  else
    out=$(taskset -c "$CLIENT_CPU" wrk "${args[@]}" "$url" 2>&1 </dev/null) || true
  fi
  echo "$out" >>"$WORK/logs/wrk.log"
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000
      if (v ~ /m$/) return v * 60000; return v + 0
    }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /requests in/ { reqs = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errs += $NF }
    /Socket errors:/ { gsub(",", ""); errs += $4 + $6 + $8 + $10 }
    END { printf "%.1f %.3f %.3f %d %d\n", rps, p50, p99, reqs, errs }' <<<"$out"
}

bench_peer() {
  local peer=$1 ds=$2 dir="$WORK/data/$2" port base name target conns line user_id cheap
  port=$(peer_port "$peer")
  base="http://127.0.0.1:$port"
  user_id=$(cat "$dir/user-id")
  cheap="$base/api/users/$user_id"
  PEAK_RSS=0
  RESTARTS=0
  start_peer "$peer" "$ds"
  printf '%s\t%s\tready_s\t%s\n' "$ds" "$peer" "$READY_S" >>"$RESULTS/peers.tsv"
  if [ "$peer" = nextjs ]; then compare_bodies "$ds"; fi

  # Warm-up: every route (JIT, caches, page cache) before anything is measured.
  while read -r name target; do
    wrk_cell 16 "$WARMUP" "$base$target" >/dev/null
    settle "$peer" "$ds" "$cheap"
  done < <(routes "$user_id")
  wrk_cell 16 "$WARMUP" "$base/" "$BENCH_DIR/mixed.lua" >/dev/null
  settle "$peer" "$ds" "$cheap"

  while read -r name target; do
    for conns in $CONNS; do
      if [ "$name" = mixed ]; then
        line=$(wrk_cell "$conns" "$DURATION" "$base/" "$BENCH_DIR/mixed.lua")
      else
        line=$(wrk_cell "$conns" "$DURATION" "$base$target")
      fi
      printf '%s\t%s\t%s\t%s\t%s\n' "$ds" "$peer" "$name" "$conns" "${line// /$'\t'}" >>"$RESULTS/cells.tsv"
      log "$ds $peer $name c=$conns: $line"
      settle "$peer" "$ds" "$cheap"
    done
  done < <(routes "$user_id"; echo "mixed -")

  note_peak_rss
  printf '%s\t%s\trss_kb\t%s\n' "$ds" "$peer" "$PEAK_RSS" >>"$RESULTS/peers.tsv"
  printf '%s\t%s\trestarts\t%s\n' "$ds" "$peer" "$RESTARTS" >>"$RESULTS/peers.tsv"
  stop_peer
}

# Heap allocations per request in hdoc, per route: hdoc runs under an LD_PRELOAD counter (alloc/), gets
# ALLOC_REQUESTS requests on one keep-alive connection, and the count of a run without requests is
# subtracted. Written to alloc.tsv: route allocs_per_request bytes_per_request.
measure_allocs() {
  local ds=$1 dir="$WORK/data/$1" shim="$WORK/count_allocs.so" n=${ALLOC_REQUESTS:-2000} name target
  command -v cc >/dev/null || { log "no C compiler: skipping the allocation count"; return 0; }
  cc -O2 -shared -fPIC -o "$shim" "$BENCH_DIR/alloc/count_allocs.c" || return 0
  alloc_run() {  # $1 = request target or "", prints "allocs bytes"
    local out="$WORK/allocs.txt" pid i
    rm -f "$out"
    LD_PRELOAD="$shim" COUNT_ALLOCS_OUT="$out" "$HDOC" serve --listen "127.0.0.1:$HDOC_PORT" --db "$dir/hdoc.db" \
      --threads 1 --quiet >/dev/null 2>&1 </dev/null &
    pid=$!
    until curl -s -o /dev/null -m 1 "http://127.0.0.1:$HDOC_PORT/healthz"; do sleep 0.05; done
    if [ -n "$1" ]; then
      for i in $(seq "$n"); do printf 'url = "http://127.0.0.1:%s%s"\noutput = "/dev/null"\n' "$HDOC_PORT" "$1"; done \
        >"$WORK/curl-alloc.cfg"
      curl -s -K "$WORK/curl-alloc.cfg"
    fi
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    awk '{ print $2, $4 }' "$out"
  }
  local base with
  base=$(alloc_run "")
  while read -r name target; do
    with=$(alloc_run "$target")
    awk -v n="$n" -v name="$name" -v b="$base" -v w="$with" 'BEGIN {
      split(b, x, " "); split(w, y, " ")
      printf "%s\t%.1f\t%.0f\n", name, (y[1] - x[1]) / n, (y[2] - x[2]) / n }' >>"$RESULTS/alloc.tsv"
  done < <(routes "$(cat "$dir/user-id")")
  meta alloc_dataset "$ds"
  meta alloc_requests "$n"
  log "allocations per request: $(tr '\t\n' ' ;' <"$RESULTS/alloc.tsv")"
}

# --- main --------------------------------------------------------------------------------------------

main() {
  RUN_START=$(now)
  install_missing
  mkdir -p "$WORK/logs" "$WORK/data"
  rm -rf "$RESULTS" && mkdir -p "$RESULTS"
  : >"$WORK/logs/wrk.log"
  build_hdoc
  case " $PEERS " in *" nextjs "*) build_nextjs ;; esac
  "$HDOC" serve --help >/dev/null 2>&1 || die "$HDOC has no 'serve' command yet"

  meta date "$RESULTS_DATE"
  meta duration_s "$DURATION"
  meta warmup_s "$WARMUP"
  meta conns "$CONNS"
  meta hdoc_threads "$HDOC_THREADS"
  meta server_cpu "$SERVER_CPU"
  meta client_cpu "$CLIENT_CPU"
  meta load_during_setup "$(cut -d' ' -f1-3 /proc/loadavg)"

  local ds peer
  for ds in $DATASETS; do
    prepare_dataset "$ds"
    # hdoc first: its answers become nginx's files, and its ready time is measured on a cold start.
    start_peer hdoc "$ds"
    meta "hdoc_ready_s.$ds" "$READY_S"
    capture_static "$ds"
    stop_peer
    if [ "$ds" = 1m ]; then measure_import "$ds"; fi
    if [ "$ds" = "${ALLOC_DATASET:-1k}" ]; then measure_allocs "$ds"; fi
    for peer in $PEERS; do
      bench_peer "$peer" "$ds"
    done
    meta "load_after.$ds" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done

  meta total_s "$(elapsed "$RUN_START")"
  "$BENCH_DIR/report.sh" "$RESULTS" "$BENCH_DIR/results" "$RESULTS_DATE" "$HDOC"
}

main "$@"
