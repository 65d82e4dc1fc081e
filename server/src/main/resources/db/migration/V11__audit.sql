-- The audit log: append-only and hash-chained (fr.consenti.core.proof). Each event's hash covers the previous
-- event's hash, its sequence and its canonical content, so changing, deleting or reordering any row shows.
-- The one-row head is locked by every append (select ... for update): appends take turns across nodes, and the
-- head records where the chain ends, so that rows deleted at the end show too.
create table audit_chain_head (
    id       int         primary key,
    sequence bigint      not null,
    hash     varchar(64) not null,
    constraint audit_chain_head_one_row check (id = 1)
);
insert into audit_chain_head (id, sequence, hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table audit_event (
    sequence  bigint       primary key,
    at        timestamp with time zone not null,
    actor     varchar(200) not null,
    action    varchar(64)  not null,
    subject   varchar(200),
    details   varchar(2000),
    prev_hash varchar(64)  not null,
    hash      varchar(64)  not null
);
