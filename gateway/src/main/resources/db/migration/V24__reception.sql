-- The reception screen's reads: recent checks newest first (by desk, or all), and the insurance record each
-- chart patient has in the chart, stored by the chart (PUT /api/v1/patients/{id}/chart-insurance-record) so a
-- desk's screen can show what changed for every answered check with a patient.
create index qualification_check_recent on qualification_check (requested_at desc, id desc);
create index qualification_check_desk_recent on qualification_check (desk, requested_at desc, id desc)
  where desk is not null;

create table chart_insurance_record (
  chart_patient_id text        primary key,
  record           jsonb       not null,
  stored_by        text        not null,
  stored_at        timestamptz not null default now()
);

-- A desk's state in one call: the newest event (a screen subscribes from there), and the link's and the reader
-- agents' latest events by type.
create index outbox_event_type_recent on outbox_event (type, recorded_at desc);

-- Reads of check listings and of a desk's state are audited, one row per check shown.
alter table audit_read drop constraint audit_read_purpose_check;
alter table audit_read
  add constraint audit_read_purpose_check
  check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff',
                     'reference-registration', 'check-created', 'home-visit',
                     'webhook-delivery', 'check-list', 'desk-state'));
