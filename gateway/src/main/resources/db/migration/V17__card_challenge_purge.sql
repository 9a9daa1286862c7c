-- Challenges are deleted a day after they expired (answered or not): they prove nothing any more, and
-- each keeps a card's certificate. The purge runs with each new challenge and uses this index.
create index card_challenge_expires on card_challenge (expires_at);
