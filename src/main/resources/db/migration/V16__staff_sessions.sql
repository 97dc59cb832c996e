-- Staff signed in to the operator console. Kept apart from the customers' Spring Session tables: a
-- customer session never grants the console, and the console never opens a customer session.
-- The browser holds a random id; only its SHA-256 is stored, so reading this table signs nobody in.
create table staff_sessions (
    id_hash      bytea       primary key,
    subject      text        not null,
    login        text        not null,
    display_name text        not null,
    email        text        not null,
    read_only    boolean     not null,
    created_at   timestamptz not null,
    last_used_at timestamptz not null
);

create index staff_sessions_last_used on staff_sessions (last_used_at);

-- The sign-in in flight: state, nonce and PKCE verifier of an authorization request, keyed by the
-- hash of a short-lived cookie's id, taken (deleted) by the callback so each is used once.
create table staff_signin_requests (
    id_hash    bytea       primary key,
    request    bytea       not null,
    created_at timestamptz not null
);
