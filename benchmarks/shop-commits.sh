#!/usr/bin/env bash
# Counts what each service of the shop commits per order: the fsync calls of its process while
# customers place orders at a fixed rate (benchmarks/README.md, "The shop under load"). With SQLite in
# WAL mode and synchronous=FULL, a commit is one fsync of the write-ahead log; the log's checkpoints,
# every 1000 pages, add a few. Needs strace, and leaves the figures to the terminal.
#
#   benchmarks/shop-commits.sh [RATE] [SECONDS]   orders per second (default 10), counted for SECONDS
#                                                 (default 20) after the shop has warmed up
#
# strace stops the traced processes at every system call, so the shop runs slower meanwhile; the counts
# per order are what matters: they are divided by the orders' worth of events the services appended
# meanwhile (27 per order). At low rates the reactors' checkpoints saved once a second add a little to
# each order.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v strace > /dev/null || { echo "shop-commits.sh needs strace" >&2; exit 2; }
rate="${1:-10}"
window="${2:-20}"
jar=examples-shop/target/examples-shop.jar
[[ -f "$jar" ]] || ./mvnw -q -B -pl examples-shop/launcher -am package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

java -jar "$jar" load --customers 20 --rate "$rate" --seconds $((window + 30)) --warmup 15 --raw-seconds 0 \
    > "$work/load.log" 2>&1 &
launcher=$!
until grep -q "customers place" "$work/load.log" 2> /dev/null; do
    kill -0 "$launcher" 2> /dev/null || { cat "$work/load.log"; exit 1; }
    sleep 1
done
sleep 20
# The services' log heads: the events they appended, 27 for each order that goes all the way.
ports=()
for pid in $(pgrep -P "$launcher"); do
    ports+=($(tr '\0' ' ' < "/proc/$pid/cmdline" | sed -n 's/.* --port \([0-9]*\) .*/\1/p'))
done
heads() {
    local sum=0 port head
    for port in "${ports[@]}"; do
        head=$(curl -s "http://127.0.0.1:$port/status" | grep -o '"head":[0-9]*' | cut -d: -f2)
        sum=$((sum + ${head:-0}))
    done
    echo "$sum"
}
before=$(heads)
tracers=()
for pid in $(pgrep -P "$launcher"); do
    name=$(tr '\0' ' ' < "/proc/$pid/cmdline" | sed -n 's/.* service \([a-z-]*\) .*/\1/p')
    [[ -n "$name" ]] || continue
    timeout -s INT "$window" strace -f -c -e trace=fsync,fdatasync -o "$work/$name.txt" -p "$pid" 2> /dev/null &
    tracers+=($!)
done
wait "${tracers[@]}" || true
after=$(heads)
# Orders' worth of work done while traced (the services may fall behind the rate meanwhile).
orders=$(awk -v e=$((after - before)) 'BEGIN { printf "%.1f", e / 27 }')
echo "commits (fsync calls) per order, $orders orders' worth of events (27 each) appended in $window s:"
total=0
for file in "$work"/*.txt; do
    name=$(basename "$file" .txt)
    calls=$(awk '$NF == "fsync" || $NF == "fdatasync" { sum += $4 } END { print sum + 0 }' "$file")
    printf "  %-14s %6.1f\n" "$name" "$(awk -v c="$calls" -v o="$orders" 'BEGIN { print c / o }')"
    total=$((total + calls))
done
printf "  %-14s %6.1f\n" "in all" "$(awk -v c="$total" -v o="$orders" 'BEGIN { print c / o }')"
wait "$launcher" || true
grep -E "orders:|FAILED|balance" "$work/load.log" || true
