-- A live connection (WebSocket or server-sent events) shown an event that names a check or a patient is a read of
-- patient data: recorded before the event is written to it, purpose 'live-push' (the viewer as subject, the
-- connection's id as request id, live-connection:ws or live-connection:sse as where it went).
alter table audit_read drop constraint audit_read_purpose_check;
alter table audit_read
  add constraint audit_read_purpose_check
  check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff',
                     'reference-registration', 'check-created', 'home-visit',
                     'webhook-delivery', 'check-list', 'desk-state', 'medical-information',
                     'live-push'));
