/**
 * The operator console at {@code /operator}: staff sign in through Casdoor's OpenID Connect, find an
 * account, see its money and act on it (re-check or refund a payment, adjust a balance with a second
 * pair of eyes), with every action and every view of personal data in an append-only audit.
 *
 * <p>A console page: a controller in this module takes the signed-in {@link ru.myservice.operator.StaffMember}
 * as a parameter, and its template (under {@code src/main/jte/operator/}) gets {@code page} and {@code staff} from
 * the module's page advice and renders inside {@code operator/layout.jte} ({@code page}, {@code staff}, {@code
 * title}, and {@code section}: {@code search}, {@code approvals}, {@code reports} or {@code audit}). GET requests need a staff session;
 * every other method also needs a member who may act, and the page's CSRF token ({@code page.csrf()}).
 */
@NullMarked
package ru.myservice.operator;

import org.jspecify.annotations.NullMarked;
