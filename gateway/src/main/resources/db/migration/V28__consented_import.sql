-- Consented patients come in (docs/HOME-VISIT.md): each person of a consented-qualification retrieval
-- (OQSmuhvq, OQSmuonq, OQSmutic; OQS-PROTOCOL.md §2.6) is kept as an answered check of its own, with
-- source 'import'. Its result_file names the digest of the unit as OQS sent it, so the same unchanged
-- unit is stored once however often it is retrieved.
alter table qualification_check drop constraint qualification_check_source_check;
alter table qualification_check add constraint qualification_check_source_check
  check (source in ('api', 'card', 'face', 'import'));

-- A unit that matched several chart patients or none waits here for a person: never guessed. One row
-- per imported check; the person's identity stays in the check's answer, as for any other check.
create table consented_import_queue (
  id                uuid        primary key,
  check_id          uuid        not null unique references qualification_check (id),
  family            text        not null check (family in ('OQSmuhvq', 'OQSmuonq', 'OQSmutic')),
  consent_date      date,
  -- OQS reported the qualification valid (有効): only then does linking open a relationship
  valid             boolean     not null,
  -- referenceNumber | kanaAndBirthdate | none | heldByAnother
  matched_by        text        not null,
  candidates        text[]      not null default '{}',
  state             text        not null default 'waiting'
                                check (state in ('waiting', 'linked', 'dismissed')),
  queued_at         timestamptz not null default now(),
  decided_by        text,
  decided_at        timestamptz,
  chart_patient_id  text,
  reason            text
);
create index consented_import_queue_state on consented_import_queue (state, queued_at);
