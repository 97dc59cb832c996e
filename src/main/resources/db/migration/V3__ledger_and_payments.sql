-- Money. Every balance change is a ledger entry written in the same transaction as the balance, under
-- a row lock on the wallet; the unique (kind, reference) makes every credit and debit happen once.
create table ledger_entries (
    id            bigint generated always as identity primary key,
    wallet_id     bigint         not null references wallets (id),
    amount        numeric(14, 2) not null check (amount <> 0),
    kind          text           not null check (kind in ('topup', 'refund', 'charge', 'adjustment')),
    reference     text           not null,
    balance_after numeric(14, 2) not null,
    created_at    timestamptz    not null default now(),
    constraint ledger_entries_once unique (kind, reference)
);

create index ledger_entries_wallet on ledger_entries (wallet_id, id);

-- Top-up attempts through YooKassa. Our row is written before YooKassa is called, with the
-- idempotence key that every retry of that one request reuses.
create table payments (
    id                  uuid primary key,
    user_id             uuid           not null references accounts (id),
    yookassa_payment_id text unique,
    amount              numeric(14, 2) not null check (amount > 0),
    currency            char(3)        not null default 'RUB',
    status              text           not null check (status in ('new', 'pending', 'succeeded', 'canceled', 'failed', 'refunded')),
    idempotence_key     text           not null unique,
    description         text           not null,
    cancellation_party  text,
    cancellation_reason text,
    refunded_amount     numeric(14, 2) not null default 0,
    test                boolean,
    created_at          timestamptz    not null default now(),
    updated_at          timestamptz    not null default now()
);

create index payments_user on payments (user_id, created_at desc);
create index payments_unsettled on payments (updated_at) where status in ('new', 'pending');
