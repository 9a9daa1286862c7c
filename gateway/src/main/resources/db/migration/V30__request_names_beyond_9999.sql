-- A day's request file names go on after 9,999 (oqs.link.extended-request-names, docs/OQS-LINK.md):
-- numbers 10000 to 999999 are written as yyMMdd and 6 digits, still 12 digits.
alter table oqs_request_sequence
  drop constraint oqs_request_sequence_last_check,
  add constraint oqs_request_sequence_last_check check (last between 1 and 999999);
