package ru.myservice.signin;

import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Limits on what a signed-in person changes in their own account (name, main e-mail and picture,
 * methods, sessions, confirmations), per account and shared by every instance: a stolen session or a stuck script cannot
 * hammer them. Over the limit the person gets the «Слишком много попыток» page.
 */
@Component
public class AccountActionLimits {

    /** An action and how often an account may take it. */
    public enum Action {
        RENAME(10, Duration.ofHours(1)),
        /** Choosing the main e-mail or the picture, together. */
        PROFILE_CHOICE(20, Duration.ofHours(1)),
        UNLINK(10, Duration.ofHours(1)),
        CONFIRM(10, Duration.ofMinutes(10)),
        END_SESSION(30, Duration.ofHours(1));

        private final int limit;
        private final Duration window;

        Action(int limit, Duration window) {
            this.limit = limit;
            this.window = window;
        }
    }

    private final RateLimits limits;

    AccountActionLimits(RateLimits limits) {
        this.limits = limits;
    }

    /** Counts the action, or refuses with 429 when the account has taken it too often of late. */
    public void take(UUID accountId, Action action) {
        var limit = new RateLimits.Limit(
                "account:" + action.name().toLowerCase() + ":" + accountId, action.limit, action.window);
        if (!limits.tryAcquire(limit)) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS);
        }
    }
}
