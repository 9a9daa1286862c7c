-- A patient's answered checks, newest first, in the two orders the gateway asks for them, so that
-- each read finds its row at the front of an index instead of fetching every answered check of the
-- patient from the table to sort them (one heap page each once the table outgrows PostgreSQL's
-- buffers; a patient visited monthly for years has hundreds).
--
-- The latest qualification (CheckStore.latestAnswered, every chart open): latest confirmation date,
-- then latest answer. The date is compared as the ISO text the gateway stores (YYYY-MM-DD sorts as
-- the date does), under the "C" collation, rather than cast to date: the cast is not immutable and
-- so cannot be indexed, and an index expression that can fail would make an answer unstorable.
create index qualification_check_patient_latest
  on qualification_check (chart_patient_id, (request ->> 'confirmationDate') collate "C" desc nulls last,
                          finished_at desc)
  where state = 'ANSWERED';
-- The answer a patient had before an instant (CheckStore.latestAnswerBefore, the re-inquiry's
-- follow-up): newest answered check that ended before it.
create index qualification_check_patient_answers
  on qualification_check (chart_patient_id, finished_at) where state = 'ANSWERED';
drop index qualification_check_patient;
