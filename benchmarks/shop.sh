#!/usr/bin/env bash
# The shop under load (benchmarks/README.md, "The shop under load"): the examples-shop services as
# processes, customers placing orders end to end, on the embedded default (six SQLite files) and on
# the mixed PostgreSQL deployment, each at a fixed rate and as fast as the customers go. Each run
# also measures raw appends into stores of the same kinds, and checks the books afterwards.
#
#   benchmarks/shop.sh                 4 runs of 60 s after 20 s of warm-up, 50 customers, 50 orders/s
#                                      offered in the paced runs (about 8 minutes); rewrites the section
#                                      in benchmarks/README.md and benchmarks/results/shop.*
#   benchmarks/shop.sh --quick         20 s each after 10 s of warm-up; writes benchmarks/target/shop/ only
#   benchmarks/shop.sh [--seconds S] [--warmup S] [--customers N] [--rate R] [--no-pg]
#                                      other settings also write benchmarks/target/shop/ only
#   benchmarks/run.sh shop ...         the same
#
# PostgreSQL is taken from EVENTSTORE_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres);
# each run creates databases of its own there and drops them afterwards. Exits 1 if any run lost an
# order or its books did not balance (the figures are still written).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
warmup=20
customers=50
rate=50
pg=true
official=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) seconds=20; warmup=10; official=false; shift ;;
        --seconds) seconds="$2"; official=false; shift 2 ;;
        --warmup) warmup="$2"; official=false; shift 2 ;;
        --customers) customers="$2"; official=false; shift 2 ;;
        --rate) rate="$2"; official=false; shift 2 ;;
        --no-pg) pg=false; official=false; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
if $official; then
    out=benchmarks/results
    readme=benchmarks/README.md
else
    out=benchmarks/target/shop
    readme=-
fi
pg_url="${EVENTSTORE_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"

./mvnw -q -B -pl examples-shop/launcher,benchmarks -am package -DskipTests
mkdir -p "$out"
rm -f "$out/shop.csv"
failed=0
run() {
    echo "=== $1 ($(date -u +%H:%M:%S) UTC)"
    java -jar examples-shop/target/examples-shop.jar load --customers "$customers" --seconds "$seconds" \
        --warmup "$warmup" --csv "$out/shop.csv" --label "$@" || failed=1
}
run "SQLite: $rate orders/s offered" --rate "$rate"
run "SQLite: as fast as $customers customers go"
if $pg; then
    run "PostgreSQL mix: $rate orders/s offered" --rate "$rate" --pg "$pg_url"
    run "PostgreSQL mix: as fast as $customers customers go" --pg "$pg_url"
fi
java -cp benchmarks/target/benchmarks.jar dev.eventstore.benchmarks.ShopReport "$out" "$readme" "$out/shop.csv"
exit $failed
