-- The spend API's records. Money itself moves only in wallets, holds and ledger_entries; these tables
-- say who asked for what: the calling client, its reference, a description, and its idempotency keys.

-- A client's reference (e.g. the chat message id) names one hold or charge, forever: the permanent
-- guard against charging one request twice, whatever idempotency keys a retry carries.
create table spend_references (
    client_id  text        not null,
    reference  text        not null check (length(reference) between 1 and 255),
    kind       text        not null check (kind in ('hold', 'charge')),
    object_id  uuid        not null,
    created_at timestamptz not null default now(),
    primary key (client_id, reference)
);

create table spend_holds (
    hold_id     uuid primary key references holds (id),
    account_id  uuid  not null references accounts (id),
    client_id   text  not null,
    reference   text  not null,
    description text,
    metadata    jsonb not null default '{}',
    charge_id   uuid
);

create table charges (
    id          uuid primary key,
    account_id  uuid           not null references accounts (id),
    client_id   text           not null,
    reference   text           not null,
    hold_id     uuid references holds (id),
    amount      numeric(14, 2) not null check (amount > 0),
    refunded    numeric(14, 2) not null default 0,
    description text,
    metadata    jsonb          not null default '{}',
    created_at  timestamptz    not null default now(),
    constraint charges_refunds_within_charge check (refunded >= 0 and refunded <= amount)
);

create index charges_account on charges (account_id, created_at desc);

create table charge_refunds (
    id         uuid primary key,
    charge_id  uuid           not null references charges (id),
    amount     numeric(14, 2) not null check (amount > 0),
    reason     text,
    created_at timestamptz    not null default now()
);

create index charge_refunds_charge on charge_refunds (charge_id);

-- An Idempotency-Key is claimed in the transaction that moves the money and keeps the answer given,
-- so a retry gets the same answer and a crash leaves neither half.
create table idempotency_keys (
    client_id    text        not null,
    key          text        not null check (length(key) between 1 and 255),
    request_hash text        not null,
    status       int         not null,
    body         text        not null,
    created_at   timestamptz not null default now(),
    primary key (client_id, key)
);

create index idempotency_keys_created on idempotency_keys (created_at);
