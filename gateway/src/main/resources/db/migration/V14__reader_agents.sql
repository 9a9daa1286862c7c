-- Reader agents (docs/READER-AGENT.md, docs/AGENT-PROTOCOL.md).
--
-- Every event an agent reports is stored once, by the id the agent generated: a repeated id is a
-- duplicate delivery and changes nothing. The payload is the event's body without the card's
-- certificate (the certificate is kept only with the challenge that needs it) and without the signature.
create table agent_event (
  event_id     uuid        primary key,
  agent_id     text        not null,
  type         text        not null check (type in ('reader.card.inserted', 'reader.card.removed',
                                                    'reader.status', 'reader.card.error',
                                                    'reader.card.proof')),
  desk_id      text        not null,
  reader_id    text        not null,
  occurred_at  timestamptz not null,
  received_at  timestamptz not null default now(),
  payload      jsonb       not null
);
create index agent_event_desk on agent_event (desk_id, received_at);

-- A challenge for one proof of possession of a My Number card: the nonce the card signs after its PIN
-- was verified. Kept in the database so a gateway restart does not break the card at the desk; the
-- certificate (public data of the card) is kept here only, to check the signature.
create table card_challenge (
  id             uuid        primary key,
  card_event_id  uuid        not null references agent_event (event_id),
  agent_id       text        not null,
  desk_id        text        not null,
  reader_id      text        not null,
  fingerprint    text        not null,
  certificate    bytea       not null,
  nonce          bytea       not null,
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null,
  used_at        timestamptz
);

-- Which chart patient a card belongs to, by the SHA-256 fingerprint of its user-authentication
-- certificate. A receptionist confirms it once; a renewed card (new certificate) confirmed for the same
-- patient supersedes the old link, which stays for audit.
create table card_link (
  id                uuid        primary key,
  fingerprint       text        not null,
  chart_patient_id  text        not null,
  linked_by         text        not null,
  linked_at         timestamptz not null default now(),
  task_id           uuid,
  superseded_at     timestamptz,
  superseded_by     uuid
);
create unique index card_link_active_card on card_link (fingerprint) where superseded_at is null;
create index card_link_patient on card_link (chart_patient_id) where superseded_at is null;

-- A card the gateway could not map to a patient with a qualification: a task for the desk where it was
-- presented, until a receptionist links it. One open task per card.
create table card_link_task (
  id                uuid        primary key,
  fingerprint       text        not null,
  reason            text        not null check (reason in ('UNKNOWN_CARD', 'NO_QUALIFICATION_LINK')),
  desk_id           text        not null,
  reader_id         text        not null,
  agent_id          text        not null,
  card_event_id     uuid        not null,
  created_at        timestamptz not null default now(),
  presented_at      timestamptz not null default now(),
  closed_at         timestamptz,
  closed_by         text,
  chart_patient_id  text,
  card_link_id      uuid references card_link (id)
);
create unique index card_link_task_open on card_link_task (fingerprint) where closed_at is null;
create index card_link_task_desk on card_link_task (desk_id) where closed_at is null;

alter table outbox_event drop constraint outbox_event_type_check;
alter table outbox_event
  add constraint outbox_event_type_check
  check (type in ('check.answered', 'check.failed', 'check.queued', 'qualification.changed',
                  'card.unlinked', 'terminal.link.down', 'terminal.link.up', 'homevisit.alert',
                  'job.progress', 'card.inserted', 'card.removed', 'reader.status', 'card.error',
                  'card.link.task'));
