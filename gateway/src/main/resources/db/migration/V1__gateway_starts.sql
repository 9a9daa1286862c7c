-- Each start of the gateway, so operators can see restarts and which version ran against this
-- database (a restart loop or an unplanned downgrade shows up here before it shows up at billing).
create table gateway_start (
  id          bigint generated always as identity primary key,
  started_at  timestamptz not null default now(),
  version     text        not null,
  embedded_db boolean     not null
);
