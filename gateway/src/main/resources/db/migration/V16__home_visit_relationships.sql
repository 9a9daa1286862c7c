-- Home-visit relationships (docs/HOME-VISIT.md): the continuing relationship (継続的な関係) under which
-- the clinic may re-inquire (再照会) a patient's qualification before and during later home visits.
-- One active relationship per patient and care form; an ended one is kept for audit.
create table home_visit_relationship (
  id                uuid        primary key,
  chart_patient_id  text        not null,
  care_form         text        not null check (care_form in ('medical', 'dental', 'nursing', 'pharmacy',
                                                              'rehabilitation', 'nutrition',
                                                              'dental-hygiene')),
  first_visit_date  date        not null,
  created_at        timestamptz not null default now(),
  created_by        text        not null,
  ended_on          date,
  end_reason        text,
  ended_by          text,
  -- OQS refused a re-inquiry (its answer is authoritative): none is sent again until a new first visit.
  refused_at        timestamptz,
  refusal           text,
  refused_check_id  uuid
);
create unique index home_visit_relationship_active
  on home_visit_relationship (chart_patient_id, care_form) where ended_on is null;
create index home_visit_relationship_patient on home_visit_relationship (chart_patient_id);

-- The months the clinic claimed (レセプト) under a relationship: continuing the re-inquiry past its
-- first window needs one for every month since the first visit.
create table home_visit_claim_month (
  relationship_id  uuid        not null references home_visit_relationship (id),
  month            date        not null check (extract(day from month) = 1),
  recorded_at      timestamptz not null default now(),
  recorded_by      text        not null,
  primary key (relationship_id, month)
);
