-- Revoked API and agent tokens (./ops/oqsgw token revoke). Either one token, by its jti, or every
-- token of a subject issued at or before revoked_at (later tokens of that subject stay valid).
-- Every gateway on this database looks here when its verified-token cache misses, so both lookups
-- are indexed.
create table token_revocations (
  id         bigserial primary key,
  jti        text,
  subject    text,
  revoked_at timestamptz not null default now(),
  reason     text,
  constraint token_revocations_one_target check ((jti is null) <> (subject is null)),
  constraint token_revocations_jti_length check (jti is null or length(jti) between 1 and 128),
  constraint token_revocations_subject_length check (subject is null or length(subject) between 1 and 128),
  constraint token_revocations_reason_length check (reason is null or length(reason) <= 200)
);

create unique index token_revocations_by_jti on token_revocations (jti) where jti is not null;
create index token_revocations_by_subject on token_revocations (subject, revoked_at) where subject is not null;
