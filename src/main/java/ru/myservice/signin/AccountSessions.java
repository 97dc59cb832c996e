package ru.myservice.signin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * An account's sessions from outside it: listed for staff, and ended one or all at once on every
 * instance (for an account being deleted, or at staff's request).
 */
@Component
public class AccountSessions {

    private final SessionDevices devices;

    AccountSessions(SessionDevices devices) {
        this.devices = devices;
    }

    /**
     * One signed-in device, as the account's own sessions page lists it.
     *
     * @param key names the session on pages without giving its id (the cookie) away
     * @param userAgent the browser's User-Agent at sign-in, or null if unknown
     * @param method the provider id the session was signed in with, or null if unknown
     * @param signedInAt when it was signed in, or null if unknown
     */
    public record Device(
            String key,
            @Nullable String userAgent,
            @Nullable String method,
            @Nullable Instant signedInAt,
            Instant lastActive) {

        /** The browser in words a person recognises, e.g. «Chrome», or null when it is not one we know. */
        public @Nullable String browser(Locale locale) {
            return UserAgents.browser(userAgent, locale);
        }

        /** The system it runs on, e.g. «Android», or null when it is not one we know. */
        public @Nullable String system() {
            return UserAgents.system(userAgent);
        }
    }

    /** The account's sessions, the most recently active first. */
    public List<Device> list(UUID accountId) {
        return devices.list(accountId.toString(), null).stream()
                .map(s -> new Device(s.key(), s.userAgent(), s.method(), s.signedInAt(), s.lastActive()))
                .toList();
    }

    /** Ends the account's session with this key; false when there is none (already ended). */
    public boolean end(UUID accountId, String key) {
        return devices.end(accountId.toString(), key, null);
    }

    /** Returns how many sessions ended. */
    public int endAll(UUID accountId) {
        return devices.endAll(accountId.toString());
    }
}
