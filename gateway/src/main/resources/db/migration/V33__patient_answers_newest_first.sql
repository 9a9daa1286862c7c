-- A patient's answered checks ordered by when they ended. The re-inquiry's follow-up reads the
-- answer a patient had before (CheckStore.latestAnswerBefore: newest answered check that ended
-- before an instant); with the index by patient alone it fetched every answered check of the patient
-- from the table to sort them, one heap page each once the table outgrows PostgreSQL's buffers. With
-- the end time in the index it reads the newest entry backwards and one row. Queries by patient alone
-- (the latest qualification) use this index as they used the one it replaces.
create index qualification_check_patient_answers
  on qualification_check (chart_patient_id, finished_at) where state = 'ANSWERED';
drop index qualification_check_patient;
