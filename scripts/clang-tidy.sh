#!/usr/bin/env bash
# Runs clang-tidy with the checks of .clang-tidy over every src/**/*.cpp (and, through
# HeaderFilterRegex, the headers of src/ they include), one clang-tidy per core, with the compile
# commands of the release build. Exits non-zero on any finding.
#   scripts/clang-tidy.sh                 everything under src/
#   scripts/clang-tidy.sh src/http        only files whose path matches (regular expressions)
# BUILD=build/asan or JOBS=1 to change the build tree or the parallelism.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${BUILD:-build/release}
jobs=${JOBS:-$(nproc)}
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
runner=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
if [ -z "$tidy" ] || [ -z "$runner" ]; then
  echo "clang-tidy.sh: clang-tidy and run-clang-tidy are missing (apt-get install clang-tidy)" >&2
  exit 2
fi
if [ ! -f "$build/compile_commands.json" ]; then
  # Configuring is enough: clang-tidy reads the compile commands, not the objects.
  cmake --preset release -DHDOC_TESTS=ON >/dev/null
fi

patterns=()
for arg in "$@"; do patterns+=("$root/${arg#./}"); done
[ ${#patterns[@]} -gt 0 ] || patterns=("$root/src/")
regex=()
for p in "${patterns[@]}"; do regex+=("^${p}.*\\.cpp\$"); done

started=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# run-clang-tidy prints each command it runs and forces colours; keep only what clang-tidy found.
"$runner" -clang-tidy-binary "$tidy" -p "$build" -j "$jobs" -quiet "${regex[@]}" >"$log" 2>&1 || status=$?
sed -i 's/\x1b\[[0-9;]*m//g' "$log"
grep -v -e "^$tidy " -e '^[0-9]* warnings\? generated\.$' -e '^Suppressed [0-9]* warnings' \
  -e '^Use -header-filter=' -e '^Running clang-tidy for ' -e '^Enabled checks:' "$log" || true
files=$(grep -c "^$tidy " "$log" || true)
echo "clang-tidy: $files files in $(($(date +%s) - started)) s, $jobs at a time: $([ $status -eq 0 ] && echo clean || echo FINDINGS)" >&2
exit $status
