-- The dialler API (issue 5): call attempts with their screening receipts, the per-number counters that serialise the
-- frequency cap, idempotency keys, and call outcomes. Append-only: no row of call_attempt, call_outcome or
-- call_idempotency is ever updated or deleted by the application (attempt_counter is a lock row, see below).

-- One row per call the API allowed and counted (POST /api/v1/calls). The receipt is the compact JWS (EdDSA) the
-- caller got: it signs the inputs, the decision, the rule-set version, the feed position used and the server time.
create table call_attempt (
    id                uuid        not null primary key,
    professional_id   bigint      not null references professional (id),
    -- the call centre's key, when one dialled for the professional (delegation), and its SIREN
    delegation_id     bigint,
    call_centre_siren varchar(9),
    api_key_id        bigint      not null,
    nsn               integer     not null,
    e164              varchar(16) not null,
    caller_id         varchar(16),
    purpose           varchar(100) not null,
    sector            varchar(32) not null,
    attempted_at      timestamp with time zone not null,
    basis             varchar(32) not null,
    rule_set          varchar(40) not null,
    feed_position     bigint      not null,
    receipt           varchar(8000) not null
);

create index call_attempt_number on call_attempt (professional_id, nsn, attempted_at);
create index call_attempt_recent on call_attempt (attempted_at);

-- One row per professional and number ever called: POST /calls locks it (select ... for update) to count the attempts
-- of the window and insert the next one, so that two requests on any nodes cannot both take the last place.
create table attempt_counter (
    professional_id bigint  not null references professional (id),
    nsn             integer not null,
    attempts        bigint  not null,
    primary key (professional_id, nsn)
);

-- Idempotency-Key of POST /calls: the first answer, returned again to a retry with the same key.
create table call_idempotency (
    professional_id bigint       not null references professional (id),
    idempotency_key varchar(200) not null,
    request_sha256  varchar(64)  not null,
    response        varchar(16000),
    created_at      timestamp with time zone not null,
    primary key (professional_id, idempotency_key)
);

-- The outcome of a call, one per call: a second, different one is refused.
create table call_outcome (
    call_id         uuid        not null primary key references call_attempt (id),
    professional_id bigint      not null references professional (id),
    nsn             integer     not null,
    outcome         varchar(24) not null,
    recording_ref   varchar(500),
    consent_id      uuid,
    occurred_at     timestamp with time zone not null,
    recorded_at     timestamp with time zone not null,
    constraint call_outcome_kind check (outcome in ('NO_ANSWER', 'ANSWERED', 'REFUSED', 'OBJECTION',
        'CONSENT_WITHDRAWN', 'CONSENT_GIVEN'))
);

create index call_outcome_refusals on call_outcome (outcome, occurred_at);
