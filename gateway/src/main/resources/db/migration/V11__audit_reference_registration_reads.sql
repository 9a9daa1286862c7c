-- Reads of 照会番号 registrations are audited too: a registration says which chart patient holds which
-- linked qualification.
alter table audit_read drop constraint audit_read_purpose_check;
alter table audit_read
  add constraint audit_read_purpose_check
  check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff',
                     'reference-registration'));
