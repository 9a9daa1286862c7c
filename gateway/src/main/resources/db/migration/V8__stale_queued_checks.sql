-- OQS unreachable (issue 4): a check may end up STALE_QUEUED: the last known answered qualification
-- of the same patient (or insurance numbers) was served marked stale, and the check waits to be
-- re-run, once, when the terminal's link program takes requests again. The served answer is copied
-- (stale_result) so the re-run's answer can be compared with what staff were shown.
alter table qualification_check drop constraint qualification_check_state_check;
alter table qualification_check add constraint qualification_check_state_check
  check (state in ('WAITING', 'ANSWERED', 'FAILED', 'STALE_QUEUED'));
alter table qualification_check
  add column queued_at         timestamptz,
  add column stale_of          uuid references qualification_check (id),
  add column stale_result      jsonb,
  add column stale_answered_at timestamptz,
  add column rerun_at          timestamptz;
create index qualification_check_queued on qualification_check (state) where state = 'STALE_QUEUED';
