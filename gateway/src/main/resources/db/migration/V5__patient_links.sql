-- Which chart patient a qualification belongs to (REFERENCE §4.2). A link ties one qualification
-- (insurer number + 記号 + 番号 + 枝番 + birth date, taken from an answered check) to one chart
-- patient. Unlinking sets unlinked_at instead of deleting, so the history stays; the unique index
-- covers active links only, so a qualification is held by at most one patient at a time and can be
-- linked again the moment it was unlinked (no "wait 10 seconds and re-register").
create table patient_link (
  id                            uuid        primary key,
  chart_patient_id              text        not null,
  check_id                      uuid        not null references qualification_check (id),
  -- insurer|symbol|number|branch|birthdate, normalised: what "the same qualification" means
  qualification_key             text        not null,
  insurer_number                text        not null,
  insured_card_symbol           text,
  insured_identification_number text        not null,
  insured_branch_number         text,
  birthdate                     date        not null,
  -- 照会番号 of the answer, when the clinic registered one: the first way to match a card reading
  reference_number              text,
  -- the person's kana (width, voicing, spaces normalised): with birthdate, the second way
  name_kana_key                 text,
  linked_by                     text        not null,
  linked_at                     timestamptz not null default now(),
  unlinked_by                   text,
  unlinked_at                   timestamptz
);
create unique index patient_link_active_qualification
  on patient_link (qualification_key) where unlinked_at is null;
create index patient_link_patient on patient_link (chart_patient_id);
create index patient_link_reference on patient_link (reference_number)
  where unlinked_at is null and reference_number is not null;
create index patient_link_kana on patient_link (name_kana_key, birthdate) where unlinked_at is null;

-- Card readings (face/ folder) become checks too. They have no exchange, so the document as it
-- arrived is kept with the check (the insurance diff decodes it); the file name makes ingestion
-- idempotent. patient_link_id says which link assigned the check to its patient, so unlinking
-- takes exactly those checks away from the patient again.
alter table qualification_check
  add column result_file     text,
  add column result_document bytea,
  add column patient_link_id uuid references patient_link (id);
create unique index qualification_check_result_file
  on qualification_check (result_file) where result_file is not null;
create index qualification_check_patient
  on qualification_check (chart_patient_id) where state = 'ANSWERED';
