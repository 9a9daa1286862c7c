-- The operations screen's events (docs/EVENTS.md): a reader agent's link opening and closing, and a
-- webhook delivery given up. The outbox's type check gains them (the list of V14 plus these three).
alter table outbox_event drop constraint outbox_event_type_check;
alter table outbox_event
  add constraint outbox_event_type_check
  check (type in ('check.answered', 'check.failed', 'check.queued', 'qualification.changed',
                  'card.unlinked', 'terminal.link.down', 'terminal.link.up', 'homevisit.alert',
                  'job.progress', 'card.inserted', 'card.removed', 'reader.status', 'card.error',
                  'card.link.task', 'agent.connected', 'agent.disconnected', 'webhook.given-up'));

-- What the operations screen lists, newest first, without reading whole tables: unanswered exchanges
-- that ended, failed checks, deliveries given up.
create index oqs_exchange_unanswered on oqs_exchange (written_at desc)
  where state in ('OUTCOME_UNKNOWN', 'FAILED', 'TIMED_OUT');
create index qualification_check_failed on qualification_check (finished_at desc) where state = 'FAILED';
create index webhook_delivery_given_up on webhook_delivery (given_up_at) where given_up_at is not null;
