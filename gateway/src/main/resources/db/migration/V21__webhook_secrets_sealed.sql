-- Webhook secrets are encrypted at rest (AES-256-GCM, notify.SecretBox) with a key kept in a file outside
-- the database. The key is not in SQL, so the secrets stored in plain text before this version are sealed
-- by the gateway right after the migrations (notify.WebhookSecrets, at every start, idempotent).
-- From now on every written secret must be sealed: NOT VALID leaves the existing rows to that step, but
-- checks every insert and update.
alter table webhook_subscription
  add constraint webhook_subscription_secret_sealed check (secret like 'enc:v1:%') not valid;

-- The delivery log shows failure classes, never socket or exception text (which named addresses and ports
-- of the clinic LAN to whoever subscribed). Earlier rows are reduced to the classes the relay now writes.
update webhook_delivery set last_error = case
    when last_error like 'HTTP %' then 'http-status'
    when last_error ilike '%timeout%' or last_error ilike '%timed out%' then 'timeout'
    when last_error ilike '%refused%' then 'connection-refused'
    when last_error ilike '%UnknownHost%' then 'dns'
    when last_error ilike '%SSL%' or last_error ilike '%certificate%' then 'tls'
    else 'connection-failed'
  end
  where last_error is not null;
