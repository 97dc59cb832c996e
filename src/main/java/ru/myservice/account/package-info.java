/**
 * Accounts and the sign-in identities attached to them: find-or-create on sign-in, and the rules for
 * linking a new identity to an existing account.
 */
@NullMarked
package ru.myservice.account;

import org.jspecify.annotations.NullMarked;
