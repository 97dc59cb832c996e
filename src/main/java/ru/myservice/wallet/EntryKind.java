package ru.myservice.wallet;

/** Why a ledger entry moved money. Its reference is unique per kind: one top-up per YooKassa payment id. */
public enum EntryKind {
    /** A YooKassa payment credited. */
    TOPUP,
    /** A YooKassa refund debited: the only entry that may take a balance below zero. */
    REFUND,
    /** A service's charge, captured from a hold or taken in one step. */
    CHARGE,
    /** A service giving back (part of) a charge. */
    CHARGE_REFUND,
    /** An operator's correction. */
    ADJUSTMENT;

    String column() {
        return name().toLowerCase();
    }
}
