-- Accounts, the sign-in identities attached to them, their wallets, and server-side sessions.
-- Everything lives in our own schema so it can share the Casdoor database without collisions.

create table accounts (
    id             uuid primary key,
    display_name   text        not null,
    email          text,
    email_verified boolean     not null default false,
    avatar_url     text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

-- Used to link a new identity by a verified e-mail; only verified addresses are ever looked up.
create index accounts_verified_email on accounts (lower(email)) where email_verified;

create table identities (
    id             bigint generated always as identity primary key,
    account_id     uuid        not null references accounts (id) on delete cascade,
    provider       text        not null,
    subject        text        not null,
    email          text,
    email_verified boolean     not null default false,
    display_name   text,
    avatar_url     text,
    created_at     timestamptz not null default now(),
    last_signed_in timestamptz not null default now(),
    constraint identities_provider_subject unique (provider, subject)
);

create index identities_account on identities (account_id);

create table wallets (
    id         bigint generated always as identity primary key,
    account_id uuid          not null unique references accounts (id) on delete restrict,
    casdoor_id text,
    email      text,
    balance    numeric(14, 2) not null default 0.00,
    currency   char(3)       not null default 'RUB',
    created_at timestamptz   not null default now(),
    updated_at timestamptz   not null default now()
);

-- Spring Session JDBC, with the table names of the original deployment.
create table sessions (
    primary_id            char(36)     not null,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100),
    constraint sessions_pk primary key (primary_id)
);

create unique index sessions_ix1 on sessions (session_id);
create index sessions_ix2 on sessions (expiry_time);
create index sessions_ix3 on sessions (principal_name);

create table sessions_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint sessions_attributes_pk primary key (session_primary_id, attribute_name),
    constraint sessions_attributes_fk foreign key (session_primary_id) references sessions (primary_id) on delete cascade
);
