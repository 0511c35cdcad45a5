#!/usr/bin/env bash
# Archiving 500k of 1M events on PostgreSQL: DELETE vs DETACH PARTITION (see partition-vs-delete.sql).
# PGURL defaults to the test server; the script works in schema shred_bench and drops it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
psql "${PGURL:-postgresql://postgres@127.0.0.1:5432/test}" -X -q -f "$here/partition-vs-delete.sql"
