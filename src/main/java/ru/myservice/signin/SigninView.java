package ru.myservice.signin;

import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Provider;

/**
 * What the sign-in page shows: a button per configured provider, and why the last try failed.
 *
 * @param error one of {@link SigninHandlers#REASONS}, or null
 * @param provider the provider the failed try went to, if known
 */
public record SigninView(
        List<Provider> providers,
        @Nullable String error,
        @Nullable String provider,
        boolean signedOut) {}
