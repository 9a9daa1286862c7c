-- check.queued: a check queued for an automatic re-run while OQS was unreachable (state STALE_QUEUED).
alter table outbox_event drop constraint outbox_event_type_check;
alter table outbox_event
  add constraint outbox_event_type_check
  check (type in ('check.answered', 'check.failed', 'check.queued', 'qualification.changed',
                  'card.unlinked', 'terminal.link.down', 'terminal.link.up', 'homevisit.alert',
                  'job.progress'));
