-- What happened to an account, for the person to review: sign-ins, linked methods, profile changes,
-- ended sessions. Only the account's own view of its history; accounting lives in the ledger.
create table account_activity (
    id         bigint generated always as identity primary key,
    account_id uuid        not null references accounts (id) on delete cascade,
    kind       text        not null,
    provider   text,
    device     text,
    detail     text,
    at         timestamptz not null default now()
);

create index account_activity_latest on account_activity (account_id, id desc);
