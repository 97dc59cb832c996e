package ru.myservice.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of an account's activity list, as the person reads it on the sessions page.
 *
 * @param provider the sign-in method involved, if any
 * @param device the device in words («Chrome, Android»), for sign-ins
 * @param detail what changed, e.g. the new name, or how many sessions ended
 * @param newDevice for a sign-in: the first from this device
 */
public record Activity(
        Kind kind,
        @Nullable Provider provider,
        @Nullable String device,
        @Nullable String detail,
        Instant at,
        boolean newDevice) {

    public enum Kind {
        SIGNED_IN,
        LINKED,
        UNLINKED,
        NAME_CHANGED,
        EMAIL_CHOSEN,
        AVATAR_CHOSEN,
        AVATAR_REMOVED,
        SESSION_ENDED,
        OTHER_SESSIONS_ENDED,
        SIGNED_OUT_EVERYWHERE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
