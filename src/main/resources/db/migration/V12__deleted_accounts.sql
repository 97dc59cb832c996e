-- A deleted account keeps its row, wallet, ledger and payments as accounting records (the law requires
-- them), but nothing that names a person: the profile is blanked, identities and activity are gone,
-- and deleted_at says when. A new sign-in with a former identity creates a new, empty account.
alter table accounts
    add column deleted_at timestamptz;
