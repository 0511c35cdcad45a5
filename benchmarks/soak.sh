#!/usr/bin/env bash
# The soak test: a mixed load on PostgreSQL and on SQLite for N minutes each (default 10), sampled
# every 10 s into a CSV and a plot, ending with a consistency check. Not part of CI.
#
#   benchmarks/soak.sh                     10 minutes on PostgreSQL, then 10 on SQLite
#   benchmarks/soak.sh --minutes 3         3 minutes each
#   benchmarks/soak.sh --backend sqlite    one backend only (postgres or sqlite)
#   benchmarks/soak.sh --sample 5          a sample every 5 s
#   benchmarks/soak.sh --out DIR           where the CSV and PNG files go (default benchmarks/target/soak)
#
# The load: 2 threads appending to 200 streams, 2 threads claiming usernames with conditional appends,
# 4 subscriptions, an exactly-once projection and a reactor. PostgreSQL comes from EVENTSTORE_PG_URL
# (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres); the run works in a schema of its own
# and drops it at the end. Exit code 1 if a consistency check failed.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10
sample=10
backends=(postgres sqlite)
out=benchmarks/target/soak
while [[ $# -gt 0 ]]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --sample) sample="$2"; shift 2 ;;
        --backend) backends=("$2"); shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "unknown argument: $1 (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
done

./mvnw -q -B -pl benchmarks -am package -DskipTests ${MAVEN_ARGS:-}
status=0
for backend in "${backends[@]}"; do
    echo "=== soak on $backend for $minutes min ($(date -u +%H:%M:%S) UTC)"
    java -Xmx512m -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar dev.eventstore.benchmarks.Soak \
        "$backend" "$minutes" "$sample" "$out" || status=1
done
exit $status
