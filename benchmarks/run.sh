#!/usr/bin/env bash
# Runs every benchmark (W1-W7, each store beside hand-written JDBC), then writes the table and the
# plot into benchmarks/README.md and benchmarks/results/. About 7 minutes on 2 cores.
# Extra arguments go to JMH, e.g. a regular expression to run only some benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -pl benchmarks -am package -DskipTests
mkdir -p benchmarks/results
java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -w 1s -i 5 -r 1s \
    -rf json -rff benchmarks/results/results.json "$@"
java -cp benchmarks/target/benchmarks.jar dev.eventstore.benchmarks.Report \
    benchmarks/results/results.json benchmarks/README.md benchmarks/results
