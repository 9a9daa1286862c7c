-- Insertion order of reference_registration rows: the rows of a bulk registration are read back in the
-- order their registrations were sent (a result without echoed ReferenceNumbers is matched by position),
-- e.g. when a restarted gateway follows a bulk registration a previous run left WAITING.
alter table reference_registration add column seq bigint generated always as identity;
create index reference_registration_waiting on reference_registration (state) where state = 'WAITING';
