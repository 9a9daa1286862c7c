-- A patient's visits of a day, read once per patient by the nightly re-inquiry (and by the planner
-- and the API per patient). The unique index leads with the day and the team, so without this one
-- each read scanned the whole day: a night of 10,000 patients read 100 million rows.
create index home_visit_schedule_patient
  on home_visit_schedule (chart_patient_id, visit_date)
  where cancelled_at is null;
