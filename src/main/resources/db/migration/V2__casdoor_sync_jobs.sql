-- Background jobs that mirror accounts and balances into Casdoor. One row per account and kind, so a
-- burst of changes collapses into one call; "version" tells a finishing worker whether more changes
-- arrived while it ran. A worker claims a job with a lease, so several instances never run it at once.
create table casdoor_sync_jobs (
    account_id   uuid        not null references accounts (id) on delete cascade,
    kind         text        not null check (kind in ('user', 'balance')),
    version      bigint      not null default 1,
    due_at       timestamptz not null default now(),
    leased_until timestamptz,
    attempts     int         not null default 0,
    parked       boolean     not null default false,
    last_error   text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (account_id, kind)
);

create index casdoor_sync_jobs_due on casdoor_sync_jobs (due_at) where not parked;
