-- Where a card check came from: the reader (the terminal's face-auth reader 'face', or a reader agent's reader
-- id) and the reception desk it stands at, so a desk's screen shows its own patients.
alter table qualification_check add column desk text, add column reader text;
