package ru.myservice.wallet;

/** Why a ledger entry moved money. Its reference is unique per kind: one top-up per YooKassa payment id. */
public enum EntryKind {
    TOPUP,
    REFUND,
    CHARGE,
    ADJUSTMENT;

    String column() {
        return name().toLowerCase();
    }
}
