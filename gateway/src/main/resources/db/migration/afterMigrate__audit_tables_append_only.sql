-- Runs after every migrate (a Flyway callback, not a versioned migration): whatever migration added
-- an audit table (audit_*), the application role (${app_role}) may only INSERT and SELECT it, even
-- though the owner's default privileges granted it UPDATE and DELETE on the new table. The start-up
-- privilege check refuses to serve if this did not hold.
do $$
declare
  app text := '${app_role}';
  t   record;
begin
  if app = current_user then
    return;
  end if;
  for t in select c.relname from pg_class c
           where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
             and c.relname like 'audit%' loop
    execute format('revoke update, delete, truncate on %I from %I', t.relname, app);
  end loop;
end
$$;
