-- A person's explicit retry of a FAILED single 照会番号 registration (after OUTCOME_UNKNOWN OQS may or may
-- not have registered it): a new row with trigger 'retry' pointing at the failed one. At most one retry per
-- row (the unique index), so two staff pressing "retry" at once send one request; a retry that fails can be
-- retried in turn.
alter table reference_registration drop constraint reference_registration_trigger_check;
alter table reference_registration
  add constraint reference_registration_trigger_check
  check (trigger in ('api', 'bulk', 'auto', 'retry'));
alter table reference_registration add column retry_of uuid references reference_registration (id);
create unique index reference_registration_retry_once on reference_registration (retry_of)
  where retry_of is not null;
