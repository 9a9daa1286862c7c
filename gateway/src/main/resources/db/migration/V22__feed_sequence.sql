-- The live feed's order (docs/LIVE.md): the relay numbers each event after its transaction committed, in
-- (recorded_at, id) order under an advisory lock, in the same statement that fans it out to webhooks. A
-- transaction that started earlier but committed later is numbered later, so commit order never reorders
-- the feed. Null until numbered; events already fanned out are numbered here, in the same order.
alter table outbox_event add column feed_seq bigint;
alter table outbox_event add constraint outbox_event_feed_seq_unique unique (feed_seq);
update outbox_event e set feed_seq = n.seq
  from (select id, row_number() over (order by recorded_at, id) as seq
          from outbox_event where fanned_out_at is not null) n
 where e.id = n.id;
-- What the relay numbers next.
create index outbox_event_unsequenced on outbox_event (recorded_at, id) where feed_seq is null;
