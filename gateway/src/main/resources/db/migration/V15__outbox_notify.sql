-- Wakes the outbox relay as soon as events are committed (NOTIFY is delivered on commit only, so a
-- rolled-back event wakes nobody); the relay's periodic poll stays as the safety net.
create function outbox_event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('oqsgw_outbox', '');
  return null;
end;
$$;
create trigger outbox_event_notify after insert on outbox_event
  for each statement execute function outbox_event_notify();
