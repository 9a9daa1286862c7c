-- 照会番号 registrations (REFERENCE §2.8): the chart patient id registered as ReferenceNumber for the
-- qualification of the patient's active link, one at a time (OQSsiimm01) or many in one bulk exchange
-- (OQSmuimm01/02, rows sharing bulk_id). A row is stored before anything is sent and ends REGISTERED or
-- FAILED once. trigger 'auto' rows are made at most once per link (the partial unique index).
create table reference_registration (
  id                     uuid        primary key,
  bulk_id                uuid,
  trigger                text        not null check (trigger in ('api', 'bulk', 'auto')),
  chart_patient_id       text        not null,
  link_id                uuid        not null references patient_link (id),
  reference_number       text        not null,
  state                  text        not null check (state in ('WAITING', 'REGISTERED', 'FAILED')),
  -- OQSsiimm01 / OQSmuimm01 exchange; the phase-2 download of a bulk registration
  exchange_id            uuid,
  download_exchange_id   uuid,
  failure                text,
  failure_detail         text,
  processing_result_code text,
  requested_by           text        not null,
  requested_at           timestamptz not null default now(),
  finished_at            timestamptz
);
create unique index reference_registration_auto_once
  on reference_registration (link_id) where trigger = 'auto';
create index reference_registration_patient on reference_registration (chart_patient_id);
create index reference_registration_bulk on reference_registration (bulk_id) where bulk_id is not null;
