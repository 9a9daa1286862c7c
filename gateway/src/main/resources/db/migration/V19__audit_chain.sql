-- The audit of reads becomes complete and tamper-evident.
--
-- Complete: creating a check, home-visit relationships and webhook deliveries of check data are
-- recorded too; a delivery names who the data went to (the subscription, and the desk of a card
-- check). Every row carries the request id the gateway generated; a caller's own X-Request-Id is
-- kept beside it, never instead of it.
--
-- Tamper-evident: rows form a hash chain. Each chained row carries a gap-free sequence number, the
-- hash of its predecessor and its own hash (SHA-256 over a canonical encoding of the row and the
-- previous hash, computed by the gateway, jp.oqsgateway.gateway.store.AuditChain). The chain is cut
-- into one segment per day (the gateway's time zone); the first row of each day is anchored in
-- audit_chain_anchor with the hash it continues from. Writers serialise on a transaction-scoped
-- advisory lock, so concurrent inserts cannot fork the chain, and the chain head is simply the
-- row with the highest seq: no updatable head row, so the application needs INSERT and SELECT
-- only, on both tables. Rows written before this migration have no seq and are not chained.
alter table audit_read drop constraint audit_read_purpose_check;
alter table audit_read
  add constraint audit_read_purpose_check
  check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff',
                     'reference-registration', 'check-created', 'home-visit',
                     'webhook-delivery'));

alter table audit_read
  add column client_request_id text,
  add column delivered_to      text,
  add column desk_id           text,
  add column seq               bigint,
  add column chain_day         date,
  add column prev_hash         bytea,
  add column hash              bytea;
alter table audit_read add constraint audit_read_chained
  check ((seq is null) = (hash is null) and (seq is null) = (prev_hash is null)
         and (seq is null) = (chain_day is null));
create unique index audit_read_seq on audit_read (seq);
create index audit_read_chain_day on audit_read (chain_day, seq);

create table audit_chain_anchor (
  chain_day  date        primary key,
  first_seq  bigint      not null unique,
  first_id   bigint      not null,
  prev_hash  bytea       not null,
  created_at timestamptz not null default now()
);

-- One refusal for every append-only table, naming the table.
create or replace function audit_read_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only (% refused)', tg_table_name, tg_op;
end
$$;

create trigger audit_chain_anchor_no_update_or_delete
  before update or delete on audit_chain_anchor
  for each row execute function audit_read_append_only();
create trigger audit_chain_anchor_no_truncate
  before truncate on audit_chain_anchor
  for each statement execute function audit_read_append_only();
