-- The OQS file link (docs/OQS-LINK.md): every request written to the terminal's req/ folder is an
-- exchange whose state survives restarts, so a result that lands while the gateway is down is
-- still matched, and no request ever ends in silence.
create table oqs_exchange (
  id                        uuid        primary key,
  kind                      text        not null,
  state                     text        not null
    check (state in ('WRITTEN', 'PICKED_UP', 'ANSWERED', 'FAILED', 'TIMED_OUT', 'OUTCOME_UNKNOWN')),
  req_dir                   text        not null,
  request_file              text        not null unique,
  arbitrary_file_identifier text        not null,
  institution_code          text        not null,
  reception_number          text,
  retry_of                  uuid        references oqs_exchange (id),
  probe                     boolean     not null default false,
  reask_count               integer     not null default 0,
  request_charset           text        not null,
  request_bytes             bytea       not null,
  created_at                timestamptz not null default now(),
  written_at                timestamptz not null,
  picked_up_at              timestamptz,
  deadline_at               timestamptz not null,
  finished_at               timestamptz,
  result_file               text,
  result_bytes              bytea,
  -- The terminal's error text (.err) may contain patient data: it is stored here, never logged.
  error                     text
);
create index oqs_exchange_pending on oqs_exchange (req_dir) where state in ('WRITTEN', 'PICKED_UP');
create index oqs_exchange_retry_of on oqs_exchange (retry_of) where retry_of is not null;

-- Daily sequence of request-file suffixes (yyyyMMdd + 4 digits), incremented atomically.
create table oqs_request_sequence (
  day  date    primary key,
  last integer not null check (last between 1 and 9999)
);

-- Result and face files the gateway has dealt with. The files themselves belong to the terminal
-- and may be read by other consumers (an existing chart system): they are never deleted, only
-- remembered here (and optionally moved to an archive folder).
create table oqs_processed_file (
  folder       text        not null,
  name         text        not null,
  sha256       text        not null,
  size         bigint      not null,
  mtime        timestamptz not null,
  outcome      text        not null,
  exchange_id  uuid        references oqs_exchange (id),
  processed_at timestamptz not null default now(),
  primary key (folder, name, sha256)
);
