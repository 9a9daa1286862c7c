-- The outbox: one row per state change, written in the same transaction as the state it describes, so
-- an event exists exactly when its state was committed. The id is generated at the source and is what
-- receivers deduplicate on (delivery is at least once). Payloads carry ids and states, never names or
-- insurance numbers. fanned_out_at: when the relay turned the event into webhook deliveries.
create table outbox_event (
  id             uuid        primary key,
  type           text        not null check (type in ('check.answered', 'check.failed',
                   'qualification.changed', 'card.unlinked', 'terminal.link.down',
                   'terminal.link.up', 'homevisit.alert', 'job.progress')),
  occurred_at    timestamptz not null,
  payload        jsonb       not null,
  recorded_at    timestamptz not null default now(),
  fanned_out_at  timestamptz
);
create index outbox_event_not_fanned_out on outbox_event (occurred_at) where fanned_out_at is null;

-- A chart system's webhook: where to POST which event types, and the HMAC secret the bodies are signed
-- with (returned once, in the create response). Deleting deactivates, so the delivery log stays.
create table webhook_subscription (
  id           uuid        primary key,
  url          text        not null check (url ~ '^https?://'),
  event_types  text[]      not null check (cardinality(event_types) > 0),
  secret       text        not null,
  active       boolean     not null default true,
  created_by   text        not null,
  created_at   timestamptz not null default now(),
  deleted_at   timestamptz
);

-- The delivery log and the relay's work queue: one row per (subscription, event). A row is due when
-- neither delivered nor given up and next_attempt_at has passed; a relay that claims it moves
-- next_attempt_at past its own timeout (a lease), so a crash mid-delivery means another attempt later.
create table webhook_delivery (
  subscription_id   uuid        not null references webhook_subscription (id),
  event_id          uuid        not null references outbox_event (id),
  attempts          integer     not null default 0,
  next_attempt_at   timestamptz not null default now(),
  last_attempt_at   timestamptz,
  last_status_code  integer,
  last_error        text,
  delivered_at      timestamptz,
  given_up_at       timestamptz,
  created_at        timestamptz not null default now(),
  primary key (subscription_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at)
  where delivered_at is null and given_up_at is null;
create index webhook_delivery_log on webhook_delivery (subscription_id, created_at desc);
