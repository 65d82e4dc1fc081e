-- The numbers a consumer proved they hold with a one-time code (phone_code): their consent wallet shows every
-- consent held for these numbers, and only these. Proving again keeps the first time.
create table proven_number (
    person_id bigint      not null references person (id),
    e164      varchar(16) not null,
    proven_at timestamp with time zone not null,
    constraint proven_number_pk primary key (person_id, e164)
);
create index proven_number_e164 on proven_number (e164);
