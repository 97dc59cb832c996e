-- A payment whose YooKassa record never matches ours is settled once as 'mismatch' (and alerted once)
-- instead of being asked about on every reconciliation pass.
alter table payments drop constraint payments_status_check;
alter table payments add constraint payments_status_check
    check (status in ('new', 'pending', 'succeeded', 'canceled', 'failed', 'refunded', 'mismatch'));
