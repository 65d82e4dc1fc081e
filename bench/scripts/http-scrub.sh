#!/usr/bin/env bash
# Whole HTTP path of file cleaning (issue 6): the 10-million-row call file of fr.consenti.bench.scrub.Datasets uploaded
# to a running server (POST /api/v1/scrub-jobs), cleaned there against the 5-million-number list, the result
# downloaded; and, in the same run, core's scrubber on the same file in process (HttpScrubBenchmark).
#
#   bench/scripts/http-scrub.sh [runs]
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), createdb, dropdb, curl. Creates a fresh database
# consenti_scrub_<pid>, imports the list with ./consenti registry import (COPY), and drops the database at the end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$here"
. "$here/.mvn/find-jdk.sh"

runs=${1:-3}
pg=(-h 127.0.0.1 -p 5432 -U postgres)
db=consenti_scrub_$$
key=ck_bench_http_scrub_00000001
work=$(mktemp -d)
data=${SCRUB_DATA:-bench/target/data}
server_pid=

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  dropdb "${pg[@]}" --if-exists "$db" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

jar=server/target/consenti-server.jar
bench=bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ ! -f "$bench" ] || [ -n "$(find pom.xml core/src/main server/src/main bench/src/main \
      -newer "$bench" -type f -print -quit)" ]; then
  echo "Building server and bench jars…" >&2
  ./mvnw -q -B -pl server,bench -am package -DskipTests >&2
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "== machine"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

java -cp "$bench" 'fr.consenti.bench.scrub.HttpScrubBenchmark$Snapshot' "$data" "$work/snapshot.csv"
createdb "${pg[@]}" "$db"
url="jdbc:postgresql://127.0.0.1:5432/$db"

echo "== server (port $port, database $db)"
CONSENTI_DB_URL="$url" CONSENTI_DB_USER=postgres CONSENTI_DEMO_ENABLED=true CONSENTI_DEMO_KEY="$key" \
CONSENTI_PORT="$port" CONSENTI_DATA="$work/data" \
  java ${CONSENTI_BENCH_JAVA_OPTS:--Xmx2g} -jar "$jar" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done

echo "== list import"
start=$(date +%s.%N)
CONSENTI_DB_URL="$url" CONSENTI_DB_USER=postgres java -jar "$jar" registry import "$work/snapshot.csv"
echo "import: $(echo "$(date +%s.%N) - $start" | bc) s"

curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"plan":"GRAND_COMPTE"}' \
  "http://127.0.0.1:$port/api/v1/subscriptions" >/dev/null

echo "== HTTP path and in-process scrubber"
java -Xmx2g -cp "$bench" -Dscrub.server="http://127.0.0.1:$port" -Dscrub.key="$key" -Dscrub.runs="$runs" \
  -Dscrub.data="$data" fr.consenti.bench.scrub.HttpScrubBenchmark
grep -m3 "Opposition list snapshot" "$work/server.log" || true
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
