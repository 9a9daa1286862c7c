-- A qualification check asked for by a chart system (or, later, caused by a card reading): what was
-- asked, by whom, through which OQS exchange, and how it ended. The check outlives the HTTP request
-- that created it: a caller that got 202 reads it later, and a restart finishes it from its exchange.
create table qualification_check (
  id                uuid        primary key,
  source            text        not null check (source in ('api', 'card', 'face')),
  requested_by      text        not null,
  chart_patient_id  text,
  state             text        not null check (state in ('WAITING', 'ANSWERED', 'FAILED')),
  failure_reason    text,
  failure_detail    text,
  request           jsonb       not null,
  exchange_id       uuid        references oqs_exchange (id),
  result            jsonb,
  requested_at      timestamptz not null default now(),
  finished_at       timestamptz
);
create index qualification_check_exchange on qualification_check (exchange_id);
create index qualification_check_waiting on qualification_check (state) where state = 'WAITING';
