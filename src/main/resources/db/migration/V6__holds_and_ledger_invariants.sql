-- Holds (two-phase spending) and the invariants the database itself enforces on every wallet:
--   * every movement of money is a ledger entry, and each entry continues its wallet's running balance;
--   * a wallet's balance is its last entry's balance_after (so, the sum of its ledger);
--   * a wallet's held amount is the sum of its active holds;
--   * spending never overdraws: a charge never leaves a negative balance, and while anything is held the
--     balance covers it. Only a YooKassa refund of money already spent takes a balance below zero, and it
--     releases the wallet's active holds first (logged loudly by the app).

alter table wallets add column held numeric(14, 2) not null default 0;
alter table wallets add constraint wallets_held_not_negative check (held >= 0);
alter table wallets add constraint wallets_no_overdraft check (held = 0 or balance >= held);

alter table ledger_entries drop constraint ledger_entries_kind_check;
alter table ledger_entries add constraint ledger_entries_kind_check
    check (kind in ('topup', 'refund', 'charge', 'charge_refund', 'adjustment'));
alter table ledger_entries add constraint ledger_charges_never_overdraw
    check (kind <> 'charge' or balance_after >= 0);

create table holds (
    id         uuid primary key,
    wallet_id  bigint         not null references wallets (id),
    amount     numeric(14, 2) not null check (amount > 0),
    state      text           not null check (state in ('active', 'captured', 'voided', 'expired')),
    captured   numeric(14, 2) check (captured is null or (captured > 0 and captured <= amount)),
    expires_at timestamptz    not null,
    created_at timestamptz    not null default now(),
    settled_at timestamptz,
    constraint holds_captured_once check ((state = 'captured') = (captured is not null)),
    constraint holds_settled_when_final check ((state = 'active') = (settled_at is null))
);

create index holds_active on holds (wallet_id) where state = 'active';
create index holds_expiring on holds (expires_at) where state = 'active';

create function ledger_entry_continues_balance() returns trigger
    language plpgsql as
$$
declare
    previous numeric(14, 2);
begin
    select balance_after into previous from ledger_entries
    where wallet_id = new.wallet_id order by id desc limit 1;
    if new.balance_after <> coalesce(previous, 0) + new.amount then
        raise exception 'ledger entry for wallet % does not continue its balance: % + % <> %',
            new.wallet_id, coalesce(previous, 0), new.amount, new.balance_after
            using errcode = 'check_violation';
    end if;
    return new;
end
$$;

create trigger ledger_entries_continue_balance
    before insert on ledger_entries
    for each row execute function ledger_entry_continues_balance();

create function wallet_matches_ledger_and_holds() returns trigger
    language plpgsql as
$$
declare
    current_balance numeric(14, 2);
    current_held    numeric(14, 2);
    last_balance    numeric(14, 2);
    active_holds    numeric(14, 2);
begin
    -- Checked at commit, against the row as the transaction leaves it (NEW is only this statement's version).
    select balance, held into current_balance, current_held from wallets where id = new.id;
    select balance_after into last_balance from ledger_entries
    where wallet_id = new.id order by id desc limit 1;
    if current_balance <> coalesce(last_balance, 0) then
        raise exception 'wallet % balance % is not its ledger balance %', new.id, current_balance, coalesce(last_balance, 0)
            using errcode = 'check_violation';
    end if;
    select sum(amount) into active_holds from holds where wallet_id = new.id and state = 'active';
    if current_held <> coalesce(active_holds, 0) then
        raise exception 'wallet % held % is not the sum of its active holds %', new.id, current_held, coalesce(active_holds, 0)
            using errcode = 'check_violation';
    end if;
    return null;
end
$$;

-- Checked at commit, when a transaction's ledger entries, holds and wallet row have all moved.
create constraint trigger wallets_match_ledger_and_holds
    after insert or update on wallets
    deferrable initially deferred
    for each row execute function wallet_matches_ledger_and_holds();
