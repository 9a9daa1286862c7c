-- The operations gauges (OpsStore.exchangeCounts, at start and every 15 s) count the exchanges still
-- open and those whose outcome is unknown. No index held those three states together, so each count
-- scanned the whole table, which keeps every exchange ever made: 0.9 s at a million checks, growing
-- with every check (docs/PERFORMANCE.md, "Cost as work grows"). This one holds only those rows: a few
-- open exchanges and the rare unknown outcomes.
create index oqs_exchange_open_or_unknown on oqs_exchange (state)
  where state in ('WRITTEN', 'PICKED_UP', 'OUTCOME_UNKNOWN');
