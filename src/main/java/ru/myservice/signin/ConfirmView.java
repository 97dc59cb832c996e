package ru.myservice.signin;

import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Provider;

/**
 * The confirmation page.
 *
 * @param providers the account's methods that can confirm, as sign-in buttons
 * @param addresses the account's addresses a code can be sent to, when codes by e-mail work here
 * @param problem message key of why the last confirmation failed, or null
 * @param failedWith the provider of that failure, if known
 * @param then what the confirmation is for ({@code delete}), or null for sign-in methods
 */
public record ConfirmView(
        List<Provider> providers,
        List<String> addresses,
        @Nullable String problem,
        @Nullable Provider failedWith,
        @Nullable String then) {}
