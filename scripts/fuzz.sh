#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang, ASan and UBSan into build/fuzz, and runs them.
#
#   scripts/fuzz.sh build              build only
#   scripts/fuzz.sh short              build, then each target for FUZZ_RUNS inputs (default 20000)
#   scripts/fuzz.sh long               build, then each target for FUZZ_SECONDS (default 300): `make fuzz`
#   scripts/fuzz.sh run TARGET [ARGS]  build, then one target with libFuzzer's own arguments
#
# Targets: http_request write_routes import_records apigw_event jwt (FUZZ_TARGETS to pick some).
# Each run starts from the committed seeds (fuzz/corpus/<target>) plus what earlier runs found
# (build/fuzz/corpus/<target>, not committed). A crash leaves its input in build/fuzz/crashes/<target>/;
# copy it to fuzz/regressions/<target>/ once fixed, so the normal test suite replays it for ever.
# Exit status: non-zero when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-short}
build=build/fuzz
targets=(${FUZZ_TARGETS:-http_request write_routes import_records apigw_event jwt})

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing clang and libFuzzer (clang, libclang-rt-14-dev)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi

# Warnings are errors in the gcc builds; clang's extra warnings must not stop a fuzzing session.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DHDOC_FUZZ=ON -DHDOC_TESTS=OFF -DHDOC_WERROR=OFF >/dev/null
ninja -C "$build" $(printf 'fuzz_%s ' "${targets[@]}")

# Reports go to the log; leaks are checked (detect_leaks) as in the asan preset.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_target() {  # name, libFuzzer arguments...
  local name=$1; shift
  mkdir -p "$build/corpus/$name" "$build/crashes/$name" "$build/logs"
  local log="$build/logs/$name.log"
  echo "== fuzz_$name $*" >&2
  local status=0
  "$build/fuzz_$name" -max_len=16384 -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$name/" "$@" "$build/corpus/$name" "fuzz/corpus/$name" \
    >"$log" 2>&1 || status=$?
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  printf '%-16s status %-3s executions %s  (log %s)\n' "$name" "$status" "${runs:-?}" "$log"
  return $status
}

failed=0
case "$mode" in
  build) exit 0 ;;
  short) for t in "${targets[@]}"; do run_target "$t" -runs="${FUZZ_RUNS:-20000}" || failed=1; done ;;
  long) for t in "${targets[@]}"; do run_target "$t" -max_total_time="${FUZZ_SECONDS:-300}" || failed=1; done ;;
  run) shift; t=$1; shift; exec "$build/fuzz_$t" "$@" ;;
  *) echo "usage: $0 build|short|long|run TARGET [ARGS]" >&2; exit 2 ;;
esac
[ $failed -eq 0 ] || echo "some targets crashed: see $build/crashes/" >&2
exit $failed
