#!/usr/bin/env bash
# Runs the benchmarks (W1-W7: every store beside hand-written JDBC, and Axon's JDBC engine on
# W1-W4), then prints each store's ratio to the baseline of the same run: the median over the runs
# and its range (min-max).
#
#   benchmarks/run.sh                  the suite 3 times (about 22 minutes on 2 otherwise idle
#                                      cores, more on a busy machine); rewrites the table in
#                                      benchmarks/README.md and benchmarks/results/
#   benchmarks/run.sh --quick          once, shorter iterations (about 6 minutes, 10 on a busy
#                                      machine): for development; writes benchmarks/target/quick/ only
#   benchmarks/run.sh --runs 5 ...     another number of runs
#   benchmarks/run.sh [--quick] REGEX  only the benchmarks matching REGEX (further arguments go to
#                                      JMH too); writes benchmarks/target/partial/ only
#   benchmarks/run.sh shop [...]       the shop under load instead: benchmarks/shop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == shop ]]; then
    shift
    exec benchmarks/shop.sh "$@"
fi

quick=false
runs=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=true; shift ;;
        --runs) runs="$2"; shift 2 ;;
        *) break ;;
    esac
done

if $quick; then
    runs="${runs:-1}"
    jmh=(-f 1 -wi 1 -w 1s -i 3 -r 1s)
    out=benchmarks/target/quick
else
    runs="${runs:-3}"
    jmh=(-f 1 -wi 2 -w 1s -i 4 -r 1s)
    out=benchmarks/results
fi
readme=benchmarks/README.md
if [[ $# -gt 0 ]]; then
    # A subset must not replace the README's table of the whole suite.
    $quick || out=benchmarks/target/partial
    readme=-
fi
$quick && readme=-

./mvnw -q -B -pl benchmarks -am package -DskipTests
mkdir -p "$out"
rm -f "$out"/run-*.json
files=()
for ((i = 1; i <= runs; i++)); do
    echo "=== run $i of $runs ($(date -u +%H:%M:%S) UTC)"
    java -jar benchmarks/target/benchmarks.jar "${jmh[@]}" \
        -rf json -rff "$out/run-$i.json" "$@"
    files+=("$out/run-$i.json")
done
java -cp benchmarks/target/benchmarks.jar dev.eventstore.benchmarks.Report "$out" "$readme" "${files[@]}"
