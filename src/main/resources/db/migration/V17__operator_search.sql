-- Lookups of the operator console that would otherwise read a whole big table. Measured with EXPLAIN
-- ANALYZE on 10,000 accounts and 200,000 payments, charges, holds and ledger entries:
--   * an e-mail's beginning (also the whole address), accounts and identities: 5–7 ms by sequential
--     scan, 0.1–0.2 ms by these indexes (text_pattern_ops: LIKE 'prefix%' whatever the collation);
--   * a service's reference across all services (the primary key starts with the client): 36 → 0.1 ms;
--   * an account's latest holds (only active ones had an index): 60 → 0.9 ms;
--   * a period of the ledger, for the day's totals and the CSV: 100 → 0.3 ms for a day.
-- A part of a name is still found by reading the accounts (6–14 ms at 10,000), and a provider's user id
-- through the (provider, subject) key (0.7 ms): not worth an index, nor pg_trgm, yet.
create index accounts_email_prefix on accounts (lower(email) text_pattern_ops);
create index identities_email_prefix on identities (lower(email) text_pattern_ops);
create index spend_references_reference on spend_references (reference);
create index holds_latest on holds (wallet_id, created_at desc);
create index ledger_entries_created on ledger_entries (created_at);
