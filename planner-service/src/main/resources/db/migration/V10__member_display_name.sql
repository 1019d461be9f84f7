-- A person's name as their identity provider gives it (OIDC name, preferred_username or email), stored
-- with each membership when the gateway sees them sign in, so every page can show a name instead of the
-- opaque subject. Null until the person has been seen (pages then fall back to the subject).
alter table member add column display_name varchar(200);
