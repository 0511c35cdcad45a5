#!/usr/bin/env bash
# Consumer group throughput: 1, 2 and 4 members on SQLite and PostgreSQL (GroupThroughput).
#
#   benchmarks/groups.sh                    20,000 events, both backends
#   benchmarks/groups.sh 50000 postgres     50,000 events, PostgreSQL only
#
# PostgreSQL comes from EVENTSTORE_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres);
# each run works in a schema of its own (bench_group_N) and drops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am package -DskipTests ${MAVEN_ARGS:-}
java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.eventstore.benchmarks.GroupThroughput "$@"
