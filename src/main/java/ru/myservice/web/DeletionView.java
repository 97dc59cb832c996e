package ru.myservice.web;

import org.jspecify.annotations.Nullable;

/**
 * The account deletion page.
 *
 * @param balance formatted, shown when money is left (deleting is then refused)
 * @param openPayments payments YooKassa may still complete (deleting waits for them)
 * @param fresh whether the person signed in or confirmed recently enough to delete now
 * @param support the support address, when configured
 * @param confirmed whether the person has just confirmed it is them
 * @param problem message key of why the last try was refused, or null
 */
public record DeletionView(
        @Nullable String balance,
        int openPayments,
        boolean fresh,
        @Nullable String support,
        boolean confirmed,
        @Nullable String problem) {

    public boolean possible() {
        return balance == null && openPayments == 0;
    }
}
