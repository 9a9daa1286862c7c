-- A job's items that name patients (the nightly re-inquiry: one item per patient, its outcome, its check) are patient
-- data when listed (GET /api/v1/jobs/{jobId}/items): recorded before they are answered, one row per item shown,
-- purpose 'job-items'.
alter table audit_read drop constraint audit_read_purpose_check;
alter table audit_read
  add constraint audit_read_purpose_check
  check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff',
                     'reference-registration', 'check-created', 'home-visit',
                     'webhook-delivery', 'check-list', 'desk-state', 'medical-information',
                     'live-push', 'job-items'));
