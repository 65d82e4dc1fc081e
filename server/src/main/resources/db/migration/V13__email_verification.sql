-- Links sent to verify an email address. Only the token's SHA-256 is stored. The row carries the password hash
-- chosen at that sign-up, which verification installs: whoever can read the mailbox ends up with the password
-- they chose, even if someone else signed up with that address before them.
create table email_verification (
    token_sha256  varchar(64)  primary key,
    person_id     bigint       not null references person (id),
    password_hash varchar(200) not null,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null,
    used_at       timestamp with time zone
);
create index email_verification_person on email_verification (person_id);
