package ru.myservice.signin;

import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Whether the person proved who they are recently enough for a sensitive change (linking or
 * unlinking a sign-in method): a sign-in, or a confirmation by signing in again, within the window.
 * Checked on the server for every such request, whatever the page showed.
 */
@Component
public class FreshSignin {

    /** How long a sign-in or confirmation counts as fresh. */
    public static final Duration WINDOW = Duration.ofMinutes(10);

    /** Session attribute: when the person last confirmed it is them (epoch millis). */
    static final String CONFIRMED_AT = "myservice.confirmedAt";

    private final Clock clock;

    FreshSignin(Clock clock) {
        this.clock = clock;
    }

    public boolean isFresh(@Nullable HttpSession session) {
        if (session == null) {
            return false;
        }
        long now = clock.millis();
        return within(session.getAttribute(SessionLifetimeFilter.SIGNED_IN_AT), now)
                || within(session.getAttribute(CONFIRMED_AT), now);
    }

    private static boolean within(@Nullable Object at, long now) {
        return at instanceof Long millis && now - millis <= WINDOW.toMillis() && millis <= now;
    }
}
