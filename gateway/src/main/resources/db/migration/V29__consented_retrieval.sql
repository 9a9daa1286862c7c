-- The consented-import job (docs/HOME-VISIT.md, docs/JOBS.md): one row per retrieval a job item made,
-- written in the item's transaction before anything is sent. Each phase's exchange is recorded here
-- before it is followed, so after a crash the item takes up the download, or the upload, it already
-- made instead of asking OQS again. The range is dates only: no patient data.
create table consented_retrieval (
  id                    uuid        primary key,
  job_id                uuid        not null references job (id),
  form                  text        not null check (form in ('home-visit', 'online', 'medical-aid')),
  search_by             text        not null
                                    check (search_by in ('consent-date', 'examination-date', 'treatment-month')),
  range_from            date        not null,
  range_to              date        not null,
  upload_exchange_id    uuid,
  download_exchange_id  uuid,
  created_at            timestamptz not null default now()
);
