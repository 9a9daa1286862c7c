-- Every read of qualification or consent data through the API: who (token subject and roles),
-- which patient / check (ids only, never names), why (the operation), when. Append-only: a trigger
-- refuses update, delete and truncate, so not even the gateway's own database user can rewrite it.
create table audit_read (
  id               bigint      generated always as identity primary key,
  read_at          timestamptz not null default now(),
  subject          text        not null,
  roles            text[]      not null,
  purpose          text        not null
    check (purpose in ('check', 'latest-qualification', 'links', 'candidates', 'diff')),
  chart_patient_id text,
  check_id         uuid,
  request_id       text
);
create index audit_read_patient on audit_read (chart_patient_id, read_at);
create index audit_read_time on audit_read (read_at);

create function audit_read_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_read is append-only (% refused)', tg_op;
end
$$;
create trigger audit_read_no_update_or_delete
  before update or delete on audit_read
  for each row execute function audit_read_append_only();
create trigger audit_read_no_truncate
  before truncate on audit_read
  for each statement execute function audit_read_append_only();
