-- The original service's own tables (technical document 1.1, section 4), in a schema of their own so
-- they sit in the same database as ours without touching it. Ids and keys as its SQLAlchemy models
-- have them; payments gets the same (user, newest first) index as ours, so both pages read their last
-- ten payments the same way.
drop schema if exists seed_mvp cascade;
create schema seed_mvp;

create table seed_mvp.wallets (
    id         serial primary key,
    casdoor_id varchar unique not null,
    email      varchar,
    name       varchar,
    balance    numeric(12, 2) not null default 0
);

create table seed_mvp.payments (
    id                  serial primary key,
    yookassa_payment_id varchar unique,
    user_id             varchar not null,
    amount              numeric(12, 2) not null,
    status              varchar not null,
    description         varchar,
    created_at          timestamp not null default now()
);

create index payments_user on seed_mvp.payments (user_id, created_at desc);

create table seed_mvp.sessions (
    session_id varchar primary key,
    token      varchar not null,
    created_at timestamp not null default now()
);
