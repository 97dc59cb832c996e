-- How a paid top-up was paid, as YooKassa reports it, for the person's history: the method's type and,
-- for a card, its network and last four digits only (never the number), e.g. 'bank_card MasterCard 4444'.
-- And whether the 54-FZ receipt was registered (YooKassa's receipt_registration), where receipts are on.
alter table payments
    add column method         text,
    add column receipt_status text;
