package ru.myservice.casdoor;

/** Why a Casdoor call failed, in the few kinds the sync treats differently. */
sealed class CasdoorException extends RuntimeException {

    CasdoorException(String message) {
        super(message);
    }

    CasdoorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Our application credentials were refused. Retrying will not help until an operator fixes them. */
    static final class Unauthorized extends CasdoorException {
        Unauthorized(String message) {
            super(message);
        }
    }

    /** The user name or e-mail is already taken in Casdoor. */
    static final class Conflict extends CasdoorException {
        Conflict(String message) {
            super(message);
        }

        boolean emailTaken() {
            return getMessage().contains("Email already exists");
        }
    }

    /** Casdoor refused the data (immutable field, bad name, missing user…): {@code status:"error"}. */
    static final class Rejected extends CasdoorException {
        Rejected(String message) {
            super(message);
        }
    }

    /** Network failure, timeout, HTTP error or a non-JSON answer: safe to retry later. */
    static final class Unavailable extends CasdoorException {
        Unavailable(String message) {
            super(message);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
