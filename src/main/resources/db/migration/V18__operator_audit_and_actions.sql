-- The operator console's actions and their audit.

-- Every staff action and every view of an account's personal data, written in the transaction of the
-- action itself. Rows are only ever added: the triggers below refuse UPDATE, DELETE and TRUNCATE for
-- every user the rules apply to, the application's included. No foreign key to accounts: the audit
-- outlives whatever it speaks of.
create table staff_audit (
    id            bigint generated always as identity primary key,
    at            timestamptz not null default now(),
    staff_subject text        not null,
    staff_login   text        not null,
    staff_name    text        not null,
    action        text        not null,
    account_id    uuid,
    target        text,
    reason        text,
    before        jsonb,
    after         jsonb
);

create index staff_audit_newest on staff_audit (at desc, id desc);
create index staff_audit_account on staff_audit (account_id, at desc) where account_id is not null;
create index staff_audit_staff on staff_audit (staff_login, at desc);

create function staff_audit_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'staff_audit is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger staff_audit_no_change
    before update or delete on staff_audit
    for each row execute function staff_audit_append_only();

create trigger staff_audit_no_truncate
    before truncate on staff_audit
    for each statement execute function staff_audit_append_only();

-- Refunds staff asked YooKassa for. The row is written, under the payment's row lock, before YooKassa
-- is called: it is what "in flight" means when the next refund of the payment is weighed, and its
-- idempotence key (the form's one-time key) makes a double click one refund, here and at YooKassa.
-- The money moves only when YooKassa reports the refund succeeded (ledger kind refund, reference = its
-- refund id), whichever of our answer and its notification comes first.
create table operator_refunds (
    id                 uuid primary key,
    payment_id         uuid           not null references payments (id),
    account_id         uuid           not null references accounts (id),
    amount             numeric(14, 2) not null check (amount > 0),
    reason             text           not null check (length(btrim(reason)) > 0),
    staff_subject      text           not null,
    staff_login        text           not null,
    idempotence_key    text           not null unique,
    yookassa_refund_id text unique,
    status             text           not null
        check (status in ('sending', 'pending', 'succeeded', 'canceled', 'refused', 'unreachable')),
    failure            text,
    created_at         timestamptz    not null default now(),
    updated_at         timestamptz    not null default now()
);

create index operator_refunds_payment on operator_refunds (payment_id);

-- Credits and debits staff make by hand. Small ones are applied at once; above the approval threshold
-- one waits for a second member of staff, and the database itself refuses a decision by the one who
-- asked. The ledger entry (kind adjustment, reference = the adjustment's id) is posted when applied.
create table adjustments (
    id              uuid primary key,
    account_id      uuid           not null references accounts (id),
    amount          numeric(14, 2) not null check (amount <> 0),
    category        text           not null check (category in ('goodwill', 'correction', 'compensation', 'other')),
    reason          text           not null check (length(btrim(reason)) > 0),
    request_key     text           not null unique,
    needs_approval  boolean        not null,
    status          text           not null check (status in ('pending', 'applied', 'rejected')),
    requested_by    text           not null,
    requested_login text           not null,
    decided_by      text,
    decided_login   text,
    decided_at      timestamptz,
    decision_note   text,
    created_at      timestamptz    not null default now(),
    constraint adjustments_four_eyes check (decided_by is null or decided_by <> requested_by),
    constraint adjustments_decided_by_someone
        check ((status = 'pending') = (decided_at is null)
            and (decided_by is null) = (not needs_approval or status = 'pending'))
);

create index adjustments_waiting on adjustments (created_at) where status = 'pending';
create index adjustments_account on adjustments (account_id, created_at desc);

-- An adjustment that takes money never takes a balance below zero (a credit may still land on a
-- balance a refund of spent money left negative).
alter table ledger_entries add constraint ledger_adjustments_never_overdraw
    check (kind <> 'adjustment' or amount > 0 or balance_after >= 0);
