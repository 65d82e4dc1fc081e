-- A professional's sign-up waiting for its email to be verified. Nothing exists until the link is followed: the
-- professional and its first PROFESSIONAL person are created then, if the SIREN and the address are still free.
-- Several pending sign-ups may name the same SIREN (someone mistyping or squatting it must not block the company);
-- the first verified wins. Only the token's SHA-256 is stored, with the password hash chosen at sign-up.
create table professional_sign_up (
    token_sha256  varchar(64)  primary key,
    siren         varchar(9)   not null,
    name          varchar(200) not null,
    sector        varchar(64)  not null,
    email         varchar(254) not null,
    password_hash varchar(200) not null,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null,
    used_at       timestamp with time zone,
    professional_id bigint references professional (id),
    constraint professional_sign_up_email_lower check (email = lower(email)),
    constraint professional_sign_up_siren_digits check (siren ~ '^[0-9]{9}$')
);
create index professional_sign_up_siren on professional_sign_up (siren);
