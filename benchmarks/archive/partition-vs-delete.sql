-- Archiving 500,000 of 1,000,000 events on PostgreSQL: a range DELETE from the events table as it is
-- (same columns and indexes as V1__events.sql), against DETACH PARTITION + DROP of the same range
-- from a copy of the table partitioned by position (10 partitions of 100,000 positions).
-- Run with: benchmarks/archive/partition-vs-delete.sh (psql, \timing). Works in schema shred_bench.
\set ON_ERROR_STOP on
\timing off
DROP SCHEMA IF EXISTS shred_bench CASCADE;
CREATE SCHEMA shred_bench;
SET search_path = shred_bench;
SET client_min_messages = warning;

CREATE TABLE events (
    position    bigint      NOT NULL,
    stream_id   text        NOT NULL,
    version     bigint      NOT NULL,
    category    text        NOT NULL,
    id          uuid        NOT NULL,
    type        text        NOT NULL,
    data        jsonb       NOT NULL,
    metadata    jsonb       NOT NULL,
    tags        text[]      NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (position),
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
    CONSTRAINT events_id_key UNIQUE (id)
);
CREATE INDEX events_category_position_idx ON events (category, position);
CREATE INDEX events_type_position_idx ON events (type, position);
CREATE INDEX events_tags_idx ON events USING gin (tags);

-- Partitioned: a unique constraint on a partitioned table must hold the partition key, so
-- (stream_id, version) and id are unique only within a partition here. That is the price.
CREATE TABLE pevents (LIKE events INCLUDING DEFAULTS) PARTITION BY RANGE (position);
ALTER TABLE pevents ADD CONSTRAINT pevents_pkey PRIMARY KEY (position);
CREATE INDEX pevents_stream_version_idx ON pevents (stream_id, version);
CREATE INDEX pevents_id_idx ON pevents (id);
CREATE INDEX pevents_category_position_idx ON pevents (category, position);
CREATE INDEX pevents_type_position_idx ON pevents (type, position);
CREATE INDEX pevents_tags_idx ON pevents USING gin (tags);
DO $$
BEGIN
    FOR p IN 0..9 LOOP
        EXECUTE format('CREATE TABLE pevents_%s PARTITION OF pevents FOR VALUES FROM (%s) TO (%s)',
                       p, p * 100000 + 1, (p + 1) * 100000 + 1);
    END LOOP;
END $$;

\echo 'loading 1,000,000 events into each table...'
\timing on
INSERT INTO events
SELECT g, 'account-' || (g % 50000), g / 50000 + 1, 'account', md5(g::text)::uuid,
       'MoneyDeposited', jsonb_build_object('accountId', g % 50000, 'amount', (g % 1000) || '.00', 'note', repeat('x', 100)),
       '{"$schemaVersion":1}'::jsonb, ARRAY['account:' || (g % 50000)], now()
FROM generate_series(1, 1000000) g;
INSERT INTO pevents SELECT * FROM events;
\timing off
CHECKPOINT;
VACUUM ANALYZE events;
VACUUM ANALYZE pevents;
SELECT 'events before' AS what, pg_size_pretty(pg_total_relation_size('events')) AS size
UNION ALL SELECT 'pevents before', pg_size_pretty((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('pevents')));

\echo '--- A: DELETE the first 500,000 positions from the plain table'
SELECT pg_current_wal_lsn() AS lsn \gset
\timing on
DELETE FROM events WHERE position <= 500000;
\timing off
SELECT 'WAL written by the DELETE' AS what, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), :'lsn')) AS size;
\echo '--- A: VACUUM events (needed before the space is reused; the file does not shrink)'
SELECT pg_current_wal_lsn() AS lsn \gset
\timing on
VACUUM events;
\timing off
SELECT 'WAL written by the VACUUM' AS what, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), :'lsn')) AS size
UNION ALL SELECT 'events after DELETE + VACUUM', pg_size_pretty(pg_total_relation_size('events'));
\echo '--- A: VACUUM FULL events (gives the space back to the file system; ACCESS EXCLUSIVE lock throughout)'
\timing on
VACUUM FULL events;
\timing off
SELECT 'events after VACUUM FULL' AS what, pg_size_pretty(pg_total_relation_size('events')) AS size;

\echo '--- B: DETACH + DROP the first 5 partitions (500,000 positions)'
SELECT pg_current_wal_lsn() AS lsn \gset
\timing on
BEGIN;
ALTER TABLE pevents DETACH PARTITION pevents_0;
ALTER TABLE pevents DETACH PARTITION pevents_1;
ALTER TABLE pevents DETACH PARTITION pevents_2;
ALTER TABLE pevents DETACH PARTITION pevents_3;
ALTER TABLE pevents DETACH PARTITION pevents_4;
COMMIT;
DROP TABLE pevents_0, pevents_1, pevents_2, pevents_3, pevents_4;
\timing off
SELECT 'WAL written by DETACH + DROP' AS what, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), :'lsn')) AS size;
SELECT 'pevents after DETACH + DROP' AS what,
       pg_size_pretty((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('pevents'))) AS size;

\echo '--- reads of the remaining log, 1,000 events after position 750,000 (plain, then partitioned)'
\timing on
SELECT count(*) FROM (SELECT position FROM events WHERE position > 750000 ORDER BY position LIMIT 1000) r;
SELECT count(*) FROM (SELECT position FROM pevents WHERE position > 750000 ORDER BY position LIMIT 1000) r;
\timing off
DROP SCHEMA shred_bench CASCADE;
