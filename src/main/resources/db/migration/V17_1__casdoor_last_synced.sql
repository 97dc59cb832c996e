-- When each kind of Casdoor sync last went through for an account, so staff can tell a mirror that is
-- current from one that has silently stopped (its job rows are gone once done, so they cannot say).
create table casdoor_synced (
    account_id uuid        not null references accounts (id) on delete cascade,
    kind       text        not null check (kind in ('user', 'balance')),
    synced_at  timestamptz not null,
    primary key (account_id, kind)
);
