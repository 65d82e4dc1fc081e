#!/usr/bin/env bash
# Whole-program benchmark: consents recorded through POST /api/v1/consents on PostgreSQL, every write durable
# (synchronous_commit left at its default, on), against a baseline measured in the same run: pgbench doing one
# durable single-row INSERT per transaction of a comparable row, same client count.
#
#   bench/consent-throughput.sh [workers] [warm-up seconds] [measured seconds]
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), psql, createdb, dropdb, pgbench, curl.
# Creates a fresh database consenti_bench_<pid> and drops it at the end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
. "$here/.mvn/find-jdk.sh"

workers=${1:-48}
warmup=${2:-10}
seconds=${3:-20}
pg=(-h 127.0.0.1 -p 5432 -U postgres)
db=consenti_bench_$$
key=ck_bench_consent_throughput_0001
work=$(mktemp -d)
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
  ./mvnw -q -B -pl server,bench -am package -DskipTests -Dmaven.javadoc.skip=true >&2
fi

# A free port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "== machine"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
echo "postgresql: $(psql "${pg[@]}" -d postgres -Atc 'select version()' | cut -d' ' -f1-2)"
echo "synchronous_commit: $(psql "${pg[@]}" -d postgres -Atc 'show synchronous_commit'); fsync: $(psql "${pg[@]}" -d postgres -Atc 'show fsync'); wal_sync_method: $(psql "${pg[@]}" -d postgres -Atc 'show wal_sync_method')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

createdb "${pg[@]}" "$db"

echo "== server (port $port, database $db)"
CONSENTI_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" CONSENTI_DB_USER=postgres \
CONSENTI_DEMO_ENABLED=true CONSENTI_DEMO_KEY="$key" CONSENTI_PORT="$port" CONSENTI_DATA="$work/data" \
  java ${CONSENTI_BENCH_JAVA_OPTS:--Xmx1g} -jar "$jar" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "server died:" >&2; tail -50 "$work/server.log" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/actuator/health" | grep -q '"UP"' || { echo "server not UP" >&2; tail -50 "$work/server.log" >&2; exit 1; }
echo "server UP"

# CPU seconds (user+system) the server process has used so far.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server_pid/stat"; }
# What the server's connections wait on, sampled during the measured phase, and the server's CPU over that phase.
sample_waits() {
  sleep "$warmup"
  local c0; c0=$(cpu)
  sleep $((seconds / 2))
  echo "-- pg_stat_activity of $db mid-run (state, wait_event_type, wait_event, count):"
  psql "${pg[@]}" -d postgres -Atc "select state, coalesce(wait_event_type,'-'), coalesce(wait_event,'-'), count(*)
      from pg_stat_activity where datname = '$db' group by 1,2,3 order by 4 desc" | sed 's/^/   /'
  sleep $((seconds - seconds / 2))
  local c1; c1=$(cpu)
  echo "-- server CPU over the measured phase: $(awk -v a="$c0" -v b="$c1" -v s="$seconds" 'BEGIN{printf "%.1f s in %d s = %.2f cores", b-a, s, (b-a)/s}')"
}
sample_waits > "$work/waits.txt" 2>&1 &
sampler=$!

echo "== API: ConsentLoad ($workers workers, ${warmup}s warm-up, ${seconds}s measured)"
set +e
java -Xmx512m -cp "$bench" fr.consenti.bench.consent.ConsentLoad --port "$port" --key "$key" \
  --workers "$workers" --warmup "$warmup" --seconds "$seconds"
load_rc=$?
set -e
wait "$sampler" 2>/dev/null || true
cat "$work/waits.txt"
echo "rows: consent=$(psql "${pg[@]}" -d "$db" -Atc 'select count(*) from consent'), consent_event=$(psql "${pg[@]}" -d "$db" -Atc 'select count(*) from consent_event')"

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

echo "== baseline: pgbench, one durable single-row INSERT per transaction, $workers clients, ${seconds}s"
psql "${pg[@]}" -d "$db" -q <<'SQL'
create table bench_consent (
  id uuid primary key, professional_id bigint not null, e164 text not null, nsn int not null,
  purposes text not null, third_parties text, channel text not null, collected_at timestamptz not null,
  valid_from timestamptz not null, valid_until timestamptz not null, status text not null,
  evidence text not null, hash bytea not null);
create index on bench_consent (professional_id, e164);
SQL
cat > "$work/insert.sql" <<'SQL'
\set n random(600000000, 699999999)
INSERT INTO bench_consent (id, professional_id, e164, nsn, purposes, third_parties, channel, collected_at, valid_from, valid_until, status, evidence, hash) VALUES (gen_random_uuid(), 1, '+33' || :n, :n, 'BENCH', '', 'WEB_FORM', now(), now(), now() + interval '1 year', 'ACTIVE', '{"kind":"FORM_SUBMISSION","ip":"203.0.113.7","userAgent":"Mozilla/5.0 (X11; Linux x86_64)"}', sha256(('+33' || :n)::bytea));
SQL
(cd "$work" && pgbench "${pg[@]}" -n -M prepared -c "$workers" -j 2 -T "$seconds" -f insert.sql -l --log-prefix=pgb "$db" 2>&1) \
  | grep -E 'number of clients|number of transactions actually|latency average|tps|failed' || true
cat "$work"/pgb* | awk '{print $3}' | sort -n > "$work/lat.txt"
n=$(wc -l < "$work/lat.txt")
pct() { sed -n "$(( (n * $1 + 99) / 100 ))p" "$work/lat.txt" | awk '{printf "%.2f", $1/1000}'; }
echo "pgbench latency ms: p50 $(pct 50) p95 $(pct 95) p99 $(pct 99) max $(tail -1 "$work/lat.txt" | awk '{printf "%.2f", $1/1000}') ($n transactions)"

echo "== second baseline: the same INSERT from 1 client (commits one after another, as one lock makes them)"
pgbench "${pg[@]}" -n -M prepared -c 1 -j 1 -T 5 -f "$work/insert.sql" "$db" 2>&1 | grep -E 'latency average|tps' || true

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $load_rc
