package ru.myservice.topup;

/** Why a YooKassa call failed, in the kinds that change what we do next. */
sealed class YooKassaException extends RuntimeException {

    YooKassaException(String message) {
        super(message);
    }

    YooKassaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** 400/403 and friends: the request itself is wrong or not allowed; retrying it cannot help. */
    static final class Refused extends YooKassaException {
        final String code;

        Refused(int status, String code, String description, String parameter) {
            super("YooKassa refused (HTTP " + status + " " + code + "): " + description
                    + (parameter.isEmpty() ? "" : " [" + parameter + "]"));
            this.code = code;
        }
    }

    /** 401: the shop id or secret key is wrong. */
    static final class Unauthorized extends YooKassaException {
        Unauthorized() {
            super(
                    "YooKassa refused our credentials (401 invalid_credentials): check YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY");
        }
    }

    /** 5xx, 429, 202, a timeout or a broken connection, still so after our retries: the outcome is unknown. */
    static final class Unavailable extends YooKassaException {
        Unavailable(String message) {
            super(message);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
