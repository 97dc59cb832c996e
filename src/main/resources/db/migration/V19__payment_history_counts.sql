-- How many payments each person's history lists (every payment past 'new'), kept by the database as
-- payments are written, so a page of the history says «1 из 50» without counting them on every view.
create table payment_history_counts (
    user_id uuid    primary key,
    listed  integer not null check (listed >= 0)
);

insert into payment_history_counts (user_id, listed)
select user_id, count(*) from payments where status <> 'new' group by user_id;

create function payment_history_count() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') and old.status <> 'new' then
        update payment_history_counts set listed = listed - 1 where user_id = old.user_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.status <> 'new' then
        insert into payment_history_counts (user_id, listed) values (new.user_id, 1)
        on conflict (user_id) do update set listed = payment_history_counts.listed + 1;
    end if;
    return null;
end
$$;

create trigger payments_history_count_added_or_removed after insert or delete on payments
    for each row execute function payment_history_count();

-- Only an update that lists or unlists a payment, or moves it to another person, changes a count: a
-- payment settled from pending to succeeded (most updates) touches no count.
create trigger payments_history_count_changed after update of status, user_id on payments
    for each row
    when ((old.status <> 'new') <> (new.status <> 'new') or old.user_id <> new.user_id)
    execute function payment_history_count();
