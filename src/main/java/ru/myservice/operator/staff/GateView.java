package ru.myservice.operator.staff;

import org.jspecify.annotations.Nullable;

/**
 * The console's door when it stays shut, or after sign-out: why, in words, and what to do next.
 *
 * @param kind what happened
 * @param login the Casdoor account that is not staff, when that is the reason
 */
public record GateView(Kind kind, @Nullable String login) {

    public enum Kind {
        /** Casdoor signed someone in who is in neither staff group, or of another organization. */
        NOT_STAFF(403),
        /** A customer's session, and no staff session: the personal account never opens the console. */
        CUSTOMER(403),
        /** A read-only staff member sent a form that acts. */
        READ_ONLY(403),
        /** A form without the page's CSRF token, or with an outdated one. */
        STALE(403),
        /** The sign-in at Casdoor did not complete (cancelled, outdated, tampered with, or Casdoor failed). */
        FAILED(400),
        /** A form sent after the staff session ended. */
        ENDED(401),
        /** Signed out of the console. */
        SIGNED_OUT(200);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        public String key() {
            return "operator.gate." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Where signing in starts: straight at Casdoor, as the console's own address would show a customer this
     * page again.
     */
    public String signinAddress() {
        return StaffGate.SIGNIN;
    }

    /** Whether to offer signing in (again); a read-only member is already signed in. */
    public boolean offersSignin() {
        return kind != Kind.READ_ONLY;
    }
}
