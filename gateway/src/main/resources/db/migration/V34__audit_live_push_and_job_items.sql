-- Two more reads of patient data, recorded before the data leaves:
-- 'live-push': a live connection (WebSocket or server-sent events) shown an event that names a check or a patient,
--   one row per event and connection (the viewer as subject, the connection's id as request id,
--   live-connection:ws or live-connection:sse as where it went);
-- 'job-items': a job's items that name patients (the nightly re-inquiry: who was re-inquired, what came of it, its
--   check) listed by GET /api/v1/jobs/{jobId}/items, one row per item shown.
alter table audit_read drop constraint audit_read_purpose_check;
alter table audit_read
  add constraint audit_read_purpose_check
  check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff',
                     'reference-registration', 'check-created', 'home-visit',
                     'webhook-delivery', 'check-list', 'desk-state', 'medical-information',
                     'live-push', 'job-items'));
