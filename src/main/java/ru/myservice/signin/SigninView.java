package ru.myservice.signin;

import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Provider;

/**
 * What the sign-in page shows: a button per configured provider, the e-mail form, and why the last
 * try failed.
 *
 * @param error one of {@link SigninHandlers#REASONS}, or null
 * @param notice a message key for news that is not a failure (signed out, session ended), or null
 * @param provider the provider the failed try went to, if known
 * @param telegram the Telegram button's settings, when Telegram is set up
 * @param emailProblem a message key about the e-mail form's last use, or null
 * @param refusedEmail an address refused as malformed, shown again in the field to be corrected, or null
 */
public record SigninView(
        List<Provider> providers,
        @Nullable String error,
        @Nullable String provider,
        @Nullable String notice,
        @Nullable TelegramButton telegram,
        boolean emailEnabled,
        @Nullable String emailProblem,
        @Nullable String refusedEmail) {

    /** The person's own choice not to go on is news, not a failure. */
    public boolean errorIsOwnChoice() {
        return "cancelled".equals(error);
    }
}
