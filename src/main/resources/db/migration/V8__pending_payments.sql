-- A pending payment can still be paid with the widget's confirmation token until it is paid or, an hour
-- after creation, YooKassa cancels it (expired_on_confirmation). The token is kept so that the person
-- can come back to the payment (another top-up of the same amount, «Продолжить оплату») instead of
-- leaving it behind, with the moment it runs out (counted from just before the create, so never later
-- than YooKassa's); both are cleared once that moment passes or the payment settles.
--
-- YooKassa cannot cancel a pending payment. A person who dismisses one is recorded here: we stop
-- offering it, and YooKassa's final answer still applies if it ever comes.
alter table payments
    add column confirmation_token text,
    add column token_expires_at   timestamptz,
    add column dismissed_at       timestamptz;
