#!/usr/bin/env bash
# Bounded reads at 1M journeyers: what one client walking every /api/users page and 100 clients each
# asking for a distinct /api/users?x=N cost `hdoc serve`, and what small reads on other connections
# see meanwhile. Two binaries, measured one after the other in the same run:
#   bench/bounded/run.sh OLD_HDOC NEW_HDOC
# Server pinned to CPU 0 (`--threads 2`, as the issue measured), clients to CPU 1. Per binary:
#   peak RSS (VmHWM) over the whole scenario; /api/leaderboard?limit=10 latency (p50/p99/max) during
#   the walk; pages walked per second. OLD answers /api/users in one response (it has no pages), and
#   its distinct ?x=N keys each cache a full copy, so it gets SPRAY_OLD clients (default 3) instead of
#   100: 100 would need ~36 GB.
# Writes bench/results/<date>-bounded-reads.md; work files in bench/work/bounded (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
OLD=${1:?old hdoc binary}; NEW=${2:?new hdoc binary}
USERS=${USERS:-1000000}; ARTICLES=${ARTICLES:-20000}; SPRAY=${SPRAY:-100}; SPRAY_OLD=${SPRAY_OLD:-3}
WORK=bench/work/bounded; mkdir -p "$WORK"
PORT=${PORT:-18190}
date=$(date -u +%Y-%m-%d)
out=bench/results/$date-bounded-reads.md

seed() {  # binary, db
  [ -f "$2" ] && return
  local t0=$(date +%s.%N)
  "$1" seed --users "$USERS" --articles "$ARTICLES" --db "$2" >/dev/null
  echo "seeded $2 in $(echo "$(date +%s.%N) - $t0" | bc) s" >&2
}

peak_rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

measure() {  # name binary db spray
  local name=$1 bin=$2 db=$3 spray=$4 pid
  taskset -c 0 "$bin" serve --db "$db" --listen 127.0.0.1:$PORT --threads 2 --quiet 2>"$WORK/$name.log" &
  pid=$!
  for _ in $(seq 300); do curl -sf "127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  local idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  curl -s "127.0.0.1:$PORT/api/leaderboard?limit=10" >/dev/null  # warm: the probe's reads are cached
  rm -f "$WORK/$name-probe.json.stop"
  taskset -c 1 python3 bench/bounded/clients.py probe $PORT 600 "$WORK/$name-probe.json" &
  local probe=$!
  sleep 1
  taskset -c 1 python3 bench/bounded/clients.py walk $PORT /api/users "$WORK/$name-walk.json"
  touch "$WORK/$name-probe.json.stop"; wait $probe
  taskset -c 1 python3 bench/bounded/clients.py spray $PORT "$spray" "$WORK/$name-spray.json"
  local peak=$(peak_rss_kb $pid) now=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill $pid; wait $pid 2>/dev/null || true
  python3 - "$name" "$WORK" "$idle" "$peak" "$now" <<'PY'
import json, sys
name, work, idle, peak, now = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
w = json.load(open(f"{work}/{name}-walk.json")); s = json.load(open(f"{work}/{name}-spray.json"))
probe = json.load(open(f"{work}/{name}-probe.json")); lat = sorted(probe["latencies_ms"])
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
row = {"name": name, "idle_mb": idle / 1024, "peak_mb": peak / 1024, "after_mb": now / 1024,
       "pages": w["pages"], "items": w["items"], "walk_s": w["seconds"], "largest_mb": w["largest"] / 2**20,
       "pages_per_s": w["pages"] / w["seconds"], "probes": len(lat), "probe_errors": len(probe.get("errors", [])), "p50": q(0.5), "p99": q(0.99), "max": lat[-1],
       "spray": s["clients"], "spray_mb_each": s["bytes_each"] / 2**20, "spray_errors": len(s["errors"])}
json.dump(row, open(f"{work}/{name}-row.json", "w"))
print(row)
PY
}

seed "$OLD" "$WORK/old.db"
seed "$NEW" "$WORK/new.db"
measure old "$OLD" "$WORK/old.db" "$SPRAY_OLD"
measure new "$NEW" "$WORK/new.db" "$SPRAY"

python3 - "$WORK" "$out" "$OLD" "$NEW" "$USERS" "$ARTICLES" <<'PY'
import json, os, platform, subprocess, sys
work, out, old, new, users, articles = sys.argv[1:7]
rows = [json.load(open(f"{work}/{n}-row.json")) for n in ("old", "new")]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
lines = [f"# Bounded reads at {int(users):,} journeyers", "",
         f"Machine: {os.cpu_count()} CPUs ({cpu}), load average {open('/proc/loadavg').read().split()[0]} at the end. "
         f"Data: `hdoc seed --users {users} --articles {articles}`. Server `hdoc serve --threads 2` pinned to CPU 0, "
         "clients (Python, bench/bounded/clients.py) to CPU 1.", "",
         f"OLD = `{old}`, NEW = `{new}`.", "",
         "Scenario per binary: a probe sends `/api/leaderboard?limit=10` (a cached small read) every 5 ms on 4 other "
         "connections while one client walks every `/api/users` page (following `Link`); then N clients at once each ask "
         "for a distinct `/api/users?x=N`. Peak RSS is the server's VmHWM over the whole scenario.", "",
         "| | OLD | NEW | NEW/OLD |", "| --- | --- | --- | --- |"]
def fmt(v): return f"{v:,.1f}" if isinstance(v, float) else f"{v:,}"
for key, label in [("idle_mb", "RSS when ready (MB)"), ("peak_mb", "peak RSS (MB)"), ("after_mb", "RSS after (MB)"),
                   ("pages", "pages in the walk"), ("items", "journeyers walked"), ("largest_mb", "largest response (MiB)"),
                   ("walk_s", "walk time (s)"), ("pages_per_s", "pages per second"), ("probes", "small reads during the walk"), ("probe_errors", "small reads failed (dropped, not 200)"),
                   ("p50", "small read p50 (ms)"), ("p99", "small read p99 (ms)"), ("max", "small read max (ms)"),
                   ("spray", "distinct ?x=N clients"), ("spray_mb_each", "bytes each got (MiB)"), ("spray_errors", "errors")]:
    a, b = rows[0][key], rows[1][key]
    ratio = f"{b / a:.3g}" if isinstance(a, (int, float)) and a else ""
    lines.append(f"| {label} | {fmt(a)} | {fmt(b)} | {ratio} |")
open(out, "w").write("\n".join(lines) + "\n")
print("wrote", out)
PY
