#!/usr/bin/env bash
# Where do PostgreSQL appends wait? Runs W1 (one event per append) on each named backend, and
# meanwhile samples pg_stat_activity for that backend's sessions every 10 ms: the share of samples
# spent on CPU, waiting for the client, for the WAL flush, for locks, and the server CPU they used.
#
#   benchmarks/pg-wait-sample.sh                       W1 with 4 threads: store, raw, Axon
#   benchmarks/pg-wait-sample.sh oneThread Postgres    another method, other backends
#
# Further JMH options can go in JMH_OPTS, e.g. JMH_OPTS="-jvmArgsAppend -Dbench.notifications=false"
# to run the store without its notifications to other processes.
# WARMUP (default 5) and MEASURE (default 12) set the seconds of JMH's warm-up and measurement.
# The server must run on this machine for the CPU figures (read from /proc).
set -euo pipefail
cd "$(dirname "$0")/.."

method="${1:-fourThreads}"
shift || true
backends=("$@")
[[ ${#backends[@]} -gt 0 ]] || backends=(Postgres RawPostgresJdbc Axon)

./mvnw -q -B -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
warmup="${WARMUP:-5}"
measure="${MEASURE:-12}"
for backend in "${backends[@]}"; do
    case "$backend" in
        Postgres) app=eventstore-bench-store ;;
        RawPostgresJdbc) app=eventstore-bench-raw ;;
        Axon) app=eventstore-bench-axon ;;
        *) echo "unknown backend $backend (Postgres, RawPostgresJdbc or Axon)" >&2; exit 2 ;;
    esac
    log=$(mktemp)
    # Sessions appear at set-up; the delay covers the rest of set-up and the warm-up, then all but
    # the last 2 measured seconds are sampled.
    java -cp "$jar" dev.eventstore.benchmarks.WaitEventSampler "$app" $((warmup + 2)) $((measure - 2)) 10 > "$log" &
    sampler=$!
    java -jar "$jar" "AppendOneBenchmark\.$backend\.$method\$" -f 1 -wi 1 -w "${warmup}s" -i 1 -r "${measure}s" ${JMH_OPTS:-} 2>&1 \
        | grep -E "^Iteration|^AppendOne" || true
    wait "$sampler"
    cat "$log"
    rm -f "$log"
done
