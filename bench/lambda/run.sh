#!/usr/bin/env bash
# Lambda host benchmark: cold start and warm invocation time through the Runtime API emulator.
#   bench/lambda/run.sh [BINARY]
# BINARY defaults to the packaged bootstrap when the zip is unpacked in /var/task (as on Lambda:
# `make lambda-zip && sudo unzip -o build/lambda/hdoc-lambda.zip -d /var/task`), else the release
# build's hdoc. The database is the frontend fixtures imported into SQLite (HDOC_DB).
# Writes bench/results/lambda-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=build/bench-lambda
mkdir -p "$out"
# The driver needs only POSIX and the emulator: compiled directly, in a few seconds.
g++ -std=c++20 -O2 -Wall -Wextra -Werror -I tests -o "$out/lambda_bench" bench/lambda/lambda_bench.cpp \
  tests/support/runtime_emulator.cpp tests/support/child_process.cpp tests/support/loopback.cpp -pthread

hdoc=$(find build/release build/lambda-build -maxdepth 2 -type f -name hdoc -perm -u+x 2>/dev/null | head -n1)
binary=${1:-}
if [ -z "$binary" ]; then
  if [ -x /var/task/bootstrap ]; then binary=/var/task/bootstrap; else binary=$hdoc; fi
fi
[ -n "$binary" ] && [ -x "$binary" ] || { echo "no binary to benchmark (make build or make lambda-zip)" >&2; exit 1; }
[ -n "$hdoc" ] || hdoc=$binary

db=$out/fixtures.db
rm -f "$db" "$db"-wal "$db"-shm
fixtures=tests/fixtures/frontend-mock
if [ -f "$fixtures/users.json" ]; then
  "$hdoc" import users "$fixtures/users.json" --db "$db" 2>/dev/null
  "$hdoc" import articles "$fixtures/articles.json" --db "$db" 2>/dev/null
else
  "$hdoc" seed --users 1000 --articles 200 --db "$db" 2>/dev/null
fi

date=$(date -u +%Y-%m-%d)
result=bench/results/lambda-$date.md
{
  echo "# Lambda host: cold start and warm invocations ($date)"
  echo
  echo "Binary: \`$binary\` ($(du -k "$binary" | cut -f1) KiB). Store: SQLite, the frontend fixtures (1000 users,"
  echo "200 articles). Driver: \`bench/lambda/run.sh\` (bench/lambda/lambda_bench.cpp) with the Runtime API emulator"
  echo "of the test suite on loopback. Machine: $(nproc) cores, $(uname -sr), shared with other work while measured."
  echo
  "$out/lambda_bench" "$binary" "$db" 50 2000
  echo
  echo "Cold start here is what the function itself costs on a cold start: exec, dynamic loading, init"
  echo "(configuration, store, API), the first /next, handling and posting the first response. Lambda adds"
  echo "its own sandbox start on top, and a DynamoDB store adds its TLS connection set-up to the first request."
  echo "Target: under 20 ms."
} | tee "$result"
echo "wrote $result" >&2
