-- Jobs (docs/JOBS.md): every batch the gateway runs is a job of one kind, planned into items in the same
-- transaction as the job itself, each item moved on exactly once.
create table job (
  id              uuid        primary key,
  kind            text        not null check (kind ~ '^[a-z][a-z0-9-]{0,49}$'),
  params          jsonb       not null,
  trigger         text        not null check (trigger in ('schedule', 'api')),
  requested_by    text        not null,
  -- The schedule slot a scheduled run is for: one row per kind and slot, however often the gateway
  -- restarts or its clock is set back.
  scheduled_slot  timestamptz,
  -- Whether a second job of the kind is refused while this one is active.
  exclusive       boolean     not null,
  state           text        not null check (state in ('planned', 'running', 'done', 'failed')),
  total           integer     not null check (total >= 0),
  created_at      timestamptz not null,
  started_at      timestamptz,
  finished_at     timestamptz,
  -- Why the job failed or was skipped: a rule or a slug, never patient data.
  error           text,
  check ((trigger = 'schedule') = (scheduled_slot is not null))
);
create unique index job_one_run_per_slot on job (kind, scheduled_slot) where scheduled_slot is not null;
create unique index job_one_active_per_kind on job (kind)
  where exclusive and state in ('planned', 'running');
create index job_recent on job (created_at desc, id);
create index job_unfinished on job (state) where state in ('planned', 'running');

create table job_item (
  job_id      uuid        not null references job (id),
  position    integer     not null check (position >= 0),
  -- A bounded key such as a chart patient id: an internal id, kept out of logs and metric labels.
  item_key    text        not null check (length(item_key) between 1 and 100),
  payload     jsonb       not null,
  -- planned → in_flight (an effect outside the database was recorded as reference) → done | failed.
  state       text        not null check (state in ('planned', 'in_flight', 'done', 'failed')),
  outcome     text        check (outcome ~ '^[a-z][a-z0-9-]{0,49}$'),
  detail      text,
  reference   uuid,
  updated_at  timestamptz not null,
  primary key (job_id, position),
  check ((state in ('done', 'failed')) = (outcome is not null)),
  check (state <> 'in_flight' or reference is not null)
);
create index job_item_open on job_item (job_id, position) where state in ('planned', 'in_flight');
create index job_item_outcome on job_item (job_id, outcome, position);

-- Least privilege: the application role plans, moves on and reads jobs; it never deletes one (a job and
-- its items are the record of what a batch did).
do $$
declare
  app text := '${app_role}';
begin
  if app = current_user then
    return;
  end if;
  execute format('revoke delete, truncate on job, job_item from %I', app);
end
$$;
