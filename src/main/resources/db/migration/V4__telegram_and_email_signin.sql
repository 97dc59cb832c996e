-- Telegram logins already used: a signed payload is accepted once, so a captured one cannot be replayed.
create table telegram_logins (
    hash    text primary key,
    seen_at timestamptz not null default now()
);

-- One active e-mail sign-in code per address, stored only as a salted hash.
create table email_codes (
    email      text primary key,
    code_hash  bytea       not null,
    salt       bytea       not null,
    attempts   int         not null default 0,
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
);

-- Sliding-window rate limits shared by every instance: one row per counted event.
create table rate_limit_hits (
    key text        not null,
    at  timestamptz not null default now()
);

create index rate_limit_hits_key_at on rate_limit_hits (key, at);
