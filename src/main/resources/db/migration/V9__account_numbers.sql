-- A short number per account that a person can read out or paste to support, unlike the UUID.
-- Existing accounts are numbered in the order PostgreSQL reads them; new ones follow.
alter table accounts
    add column number bigint generated always as identity (start with 100001) not null;

alter table accounts
    add constraint accounts_number unique (number);
