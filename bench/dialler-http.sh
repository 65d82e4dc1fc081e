#!/usr/bin/env bash
# Whole-program benchmark of the dialler API on PostgreSQL, with its baselines measured in the same run:
#  1. the screening index built at start from 5,000,000 listed numbers, 1,000,000 consents and 1,000,000 objections:
#     build time (the server's log line) and heap (used after a full GC, against the same server on an empty
#     database);
#  2. single checks over HTTP keep-alive (POST /api/v1/checks, one number each), load generator on the same 2 cores;
#  3. batch checks (10,000 numbers a request);
#  4. POST /api/v1/calls, 64 connections (CONSENTI_BENCH_CALL_CONNECTIONS): a call centre's lines dialling at once;
#     group commit records what the connections have in flight, so fewer lines cap the rate at lines / commit time
#     (b2b calls, which every rule allows at any hour, so that each one locks, writes its attempt
#     and its signed receipt, and appends to the feed);
#  5. baseline: the same checks as one indexed SELECT each against PostgreSQL, same connection count.
#
#   bench/dialler-http.sh [connections] [warm-up seconds] [measured seconds]
#   CONSENTI_BENCH_SERVER_JAR=/tmp/other.jar …           # another build of the server (before/after), no rebuild
#   CONSENTI_BENCH_SERVER_LOG=/tmp/server.log …          # keeps the last server's log
#   CONSENTI_BENCH_ONLY=calls bench/dialler-http.sh …   # one phase only (checks, batch, calls or sql), on the same
#                                                        # loaded database; no heap measurement
#
# The server runs with transparent huge pages (-XX:+UseTransparentHugePages): the index lookups of a batch are
# random reads over hundreds of megabytes, where a TLB miss on this virtual machine costs as much as the read.
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), psql, createdb, dropdb, curl, jcmd.
# Creates a fresh database consenti_dialler_<pid> and drops it at the end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
. "$here/.mvn/find-jdk.sh"

connections=${1:-32}
warmup=${2:-5}
seconds=${3:-15}
only=${CONSENTI_BENCH_ONLY:-}
phase() { [ -z "$only" ] || [ "$only" = "$1" ]; }
pg=(-h 127.0.0.1 -p 5432 -U postgres)
db=consenti_dialler_$$
key=ck_bench_dialler_http_000000001
work=$(mktemp -d)
server_pid=

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  dropdb "${pg[@]}" --if-exists "$db" 2>/dev/null || true
  if [ -n "${CONSENTI_BENCH_SERVER_LOG:-}" ]; then cp "$work/server.log" "$CONSENTI_BENCH_SERVER_LOG" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

jar=${CONSENTI_BENCH_SERVER_JAR:-server/target/consenti-server.jar}
bench=bench/target/benchmarks.jar
if [ -z "${CONSENTI_BENCH_SERVER_JAR:-}" ] && { [ ! -f "$jar" ] || [ ! -f "$bench" ] || [ -n "$(find pom.xml \
      core/src/main server/src/main bench/src/main -newer "$bench" -type f -print -quit)" ]; }; then
  echo "Building server and bench jars…" >&2
  ./mvnw -q -B -pl server,bench -am package -DskipTests -Dmaven.javadoc.skip=true >&2
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "== machine"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
echo "postgresql: $(psql "${pg[@]}" -d postgres -Atc 'select version()' | cut -d' ' -f1-2)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

createdb "${pg[@]}" "$db"

start_server() {
  local started; started=$(date +%s.%N)
  CONSENTI_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" CONSENTI_DB_USER=postgres \
  CONSENTI_DEMO_ENABLED=true CONSENTI_DEMO_KEY="$key" CONSENTI_PORT="$port" CONSENTI_DATA="$work/data" \
    java ${CONSENTI_BENCH_JAVA_OPTS:--Xmx3g -XX:+UseG1GC -XX:+UseTransparentHugePages} -jar "$jar" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "server died:" >&2; tail -50 "$work/server.log" >&2; exit 1; fi
    sleep 0.25
  done
  echo "server UP $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s after launch"
  grep -o 'Screening index built in.*' "$work/server.log" || true
}
heap_used_mb() {
  jcmd "$server_pid" GC.run > /dev/null
  sleep 1
  jcmd "$server_pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | awk '{gsub("K","",$2); printf "%.0f", $2/1024}'
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

echo "== empty database (the server creates the tables)"
start_server
empty=0
if [ -z "$only" ]; then
  empty=$(heap_used_mb)
  echo "heap used after full GC: ${empty} MB"
fi
stop_server

echo "== loading 5,000,000 listed numbers, 1,000,000 consents, 1,000,000 objections"
t0=$(date +%s.%N)
psql "${pg[@]}" -d "$db" -q -v ON_ERROR_STOP=1 <<'SQL'
insert into opposition_entry (nsn, registered_at, effective_from, term_end, source)
  select 600000000 + g * 19, now() - interval '400 days', now() - interval '370 days', now() + interval '700 days',
         'IMPORT' from generate_series(1, 5000000) g;
insert into consent (id, professional_id, e164, nsn, purposes, third_parties, channel, collected_at, valid_from,
                     valid_until, status, given_sequence)
  select gen_random_uuid(), (select min(id) from professional), '+33' || (610000000 + g), 610000000 + g, 'DEMO', '',
         'WEB_FORM', now() - interval '1 day', now() - interval '1 day', now() + interval '300 days', 'ACTIVE', g
  from generate_series(0, 999999) g;
insert into objection (professional_id, nsn, e164, objected_at, recorded_at, source)
  select (select min(id) from professional), 620000000 + g, '+33' || (620000000 + g), now() - interval '1 day',
         now(), 'IMPORT' from generate_series(0, 999999) g;
analyze;
SQL
echo "loaded in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
professional=$(psql "${pg[@]}" -d "$db" -Atc 'select min(id) from professional')

echo "== server on the loaded database"
start_server
if [ -z "$only" ]; then
  loaded=$(heap_used_mb)
  echo "heap used after full GC: ${loaded} MB (index: $((loaded - empty)) MB more than on the empty database)"
fi

cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server_pid/stat"; }
run() {
  local c0; c0=$(cpu)
  java -Xmx1g -cp "$bench" fr.consenti.bench.dialler.DiallerLoad "$@" --port "$port" --key "$key" \
    --warmup "$warmup" --seconds "$seconds"
  echo "  server CPU: $(awk -v a="$c0" -v b="$(cpu)" -v s="$((seconds + warmup))" 'BEGIN{printf "%.1f s over %d s", b-a, s}'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
if phase checks; then
  echo "== single checks over HTTP keep-alive"
  run checks --connections "$connections"
fi
if phase batch; then
  echo "== batch checks"
  run batch --connections 2 --batch 10000
fi
if phase calls; then
  echo "== POST /api/v1/calls"
  run calls --connections "${CONSENTI_BENCH_CALL_CONNECTIONS:-64}"
fi
echo "rows: call_attempt=$(psql "${pg[@]}" -d "$db" -Atc 'select count(*) from call_attempt'), change_feed=$(psql "${pg[@]}" -d "$db" -Atc 'select count(*) from change_feed')"
# Calls committed together share their server time: calls per transaction.
echo "call transactions: $(psql "${pg[@]}" -d "$db" -Atc "select count(distinct attempted_at) || ' (' || round(count(*)::numeric / greatest(count(distinct attempted_at), 1), 1) || ' calls each)' from call_attempt")"
stop_server

if phase sql; then
  echo "== baseline: one indexed SELECT per check against PostgreSQL"
  java -Xmx512m -cp "$bench" fr.consenti.bench.dialler.DiallerLoad sql --jdbc "jdbc:postgresql://127.0.0.1:5432/$db" \
    --professional "$professional" --connections "$connections" --warmup "$warmup" --seconds "$seconds"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
