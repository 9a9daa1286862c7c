-- Least privilege: the gateway serves with an application role (${app_role}) that reads and writes
-- rows but owns nothing, so it cannot alter or drop tables, disable triggers, or change the
-- migration history; the role running these migrations owns the schema. On audit tables
-- (audit_*) the application role may only INSERT and SELECT.
--
-- Tables made by later migrations get the same row privileges automatically (default privileges
-- of the owner role), so nobody has to remember a grant. The exception is a new audit table
-- (audit_*): the afterMigrate callback takes UPDATE, DELETE and TRUNCATE on it away again, and the
-- start-up privilege check refuses to serve if the application role still had them.
--
-- When one role both migrates and serves (a single pg.url), there is nothing to grant.
do $$
declare
  app    text := '${app_role}';
  schema text := current_schema();
  t      record;
begin
  if app = current_user then
    return;
  end if;
  execute format('grant usage on schema %I to %I', schema, app);
  execute format('grant select, insert, update, delete on all tables in schema %I to %I',
                 schema, app);
  execute format('grant usage, select on all sequences in schema %I to %I', schema, app);
  execute format('alter default privileges in schema %I'
                 ' grant select, insert, update, delete on tables to %I', schema, app);
  execute format('alter default privileges in schema %I grant usage, select on sequences to %I',
                 schema, app);
  for t in select c.relname from pg_class c
           where c.relnamespace = schema::regnamespace and c.relkind in ('r', 'p')
             and c.relname like 'audit%' loop
    execute format('revoke update, delete, truncate on %I from %I', t.relname, app);
  end loop;
  -- The readiness check reads the schema version; only Flyway writes the history.
  execute format('revoke insert, update, delete, truncate on flyway_schema_history from %I', app);
end
$$;
