-- The home-visit schedule the chart system posts: one row per visit of a day (patient, kind of
-- visit and care form, team, optional time). A cancelled visit is kept (cancelled_at, cancelled_by)
-- for audit; at most one active visit per day, team, patient, kind and care form, so posting the
-- same day again changes nothing.
create table home_visit_schedule (
  id               uuid        primary key,
  visit_date       date        not null,
  team             text        not null check (char_length(team) between 1 and 40),
  chart_patient_id text        not null check (char_length(chart_patient_id) between 1 and 50),
  visit_kind       text        not null check (visit_kind in ('scheduled', 'ojin', 'online')),
  care_form        text        not null check (char_length(care_form) between 1 and 20),
  visit_time       time,
  created_at       timestamptz not null default now(),
  created_by       text        not null,
  cancelled_at     timestamptz,
  cancelled_by     text,
  check ((cancelled_at is null) = (cancelled_by is null))
);

create unique index home_visit_schedule_active
  on home_visit_schedule (visit_date, team, chart_patient_id, visit_kind, care_form)
  where cancelled_at is null;

-- Least privilege (V18): the application role cancels visits, it never deletes them.
do $$
declare
  app text := '${app_role}';
begin
  if app = current_user then
    return;
  end if;
  execute format('revoke delete, truncate on home_visit_schedule from %I', app);
end
$$;
