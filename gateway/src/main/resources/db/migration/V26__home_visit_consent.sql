-- Consent, explicitly (docs/HOME-VISIT.md "Consent"): a withdrawn state on the home-visit relationship, the
-- consent scope OQS last reported on a My Number-based answer, and the drug / clinical / health-check
-- information retrieved on the strength of it, with every retrieval and read audited with its purpose.

-- Withdrawn by the patient, by the institution or at the end of care: from that day no re-inquiry and no
-- information retrieval under the relationship. oqs_reason is an OQSCD031 code when one is known.
alter table home_visit_relationship
  add column consent_withdrawn_on  date,
  add column consent_withdrawn_by  text check (consent_withdrawn_by in ('patient', 'institution',
                                                                       'end-of-care')),
  add column consent_oqs_reason    text check (consent_oqs_reason in ('0', '1', '2', '3')),
  add column consent_recorded_by   text;

-- The consent scope of one My Number-based answer (a card or face reading, a home-visit re-inquiry
-- answered on the first visit's consent, or an imported consented patient): per information kind its
-- OQSCD016 flag and AvailableTime (閲覧有効期限), and the 限度額 and 特定疾病 flags. The patient is the check's
-- when it was assigned after the answer (check_id), else chart_patient_id.
create table consent_scope (
  id                    uuid        primary key,
  chart_patient_id      text,
  check_id              uuid        unique,
  relationship_id       uuid        references home_visit_relationship (id),
  basis                 text        not null check (basis in ('card', 'reinquiry', 'import')),
  answered_at           timestamptz not null,
  drug_flag             text,
  drug_until            timestamptz,
  clinical_flag         text,
  clinical_until        timestamptz,
  health_check_flag     text,
  health_check_until    timestamptz,
  surgery_flag          text,
  surgery_until         timestamptz,
  limit_flag            text,
  specific_disease_flag text,
  -- The qualification the answer names, as information requests must carry it (§2.9).
  insurer_number        text,
  card_symbol           text,
  card_number           text,
  branch_number         text,
  check (chart_patient_id is not null or check_id is not null)
);
create index consent_scope_patient on consent_scope (chart_patient_id, answered_at desc);
create index consent_scope_relationship on consent_scope (relationship_id, answered_at desc);

-- Information retrieved from OQS (YZKsiquc01 / TKKsiquc01, OQS-PROTOCOL.md §2.9): the typed result, the
-- PDF when OQS sent one. Patient data: read only through the audited API.
create table medical_information (
  id                uuid        primary key,
  chart_patient_id  text        not null,
  kind              text        not null check (kind in ('drug', 'clinical', 'health-check')),
  relationship_id   uuid        references home_visit_relationship (id),
  exchange_id       uuid,
  requested_by      text        not null,
  requested_at      timestamptz not null default now(),
  state             text        not null check (state in ('answered', 'refused', 'failed')),
  oqs_message       text,
  content           jsonb,
  pdf               bytea
);
create index medical_information_patient on medical_information (chart_patient_id, requested_at desc);

-- Why information was retrieved or read: the purpose the clinician gave, beside the chained audit_read
-- row of the same request (append-only, as every audit table).
create table audit_medical_information (
  id                      bigserial   primary key,
  read_at                 timestamptz not null default now(),
  request_id              text        not null,
  subject                 text        not null,
  chart_patient_id        text        not null,
  medical_information_id  uuid,
  action                  text        not null check (action in ('retrieve', 'read', 'read-pdf')),
  kind                    text        not null,
  purpose                 text        not null
);
create index audit_medical_information_patient on audit_medical_information (chart_patient_id, read_at);

alter table audit_read drop constraint audit_read_purpose_check;
alter table audit_read
  add constraint audit_read_purpose_check
  check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff',
                     'reference-registration', 'check-created', 'home-visit',
                     'webhook-delivery', 'check-list', 'desk-state', 'medical-information'));
