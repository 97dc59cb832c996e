package ru.myservice.web;

/**
 * The error page's one parameter: what went wrong, as a kind with its own heading and advice. The
 * status code is shown small, for support, never as the message.
 *
 * @param kind one of {@code bad_request}, {@code stale}, {@code forbidden}, {@code not_found},
 *     {@code too_large}, {@code too_many}, {@code unavailable}, {@code internal}, {@code other}
 */
public record ErrorView(int status, String kind) {

    /** The CSRF check refused a form from a page that is older than the person's current session. */
    static final String STALE = "stale";

    static ErrorView of(int status) {
        return new ErrorView(status, kindOf(status));
    }

    static ErrorView stale() {
        return new ErrorView(403, STALE);
    }

    public String titleKey() {
        return "error." + kind + ".title";
    }

    public String textKey() {
        return "error." + kind + ".text";
    }

    /** A page that is merely out of date is fixed by reloading it; everything else starts over. */
    public boolean reload() {
        return STALE.equals(kind);
    }

    private static String kindOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404, 405 -> "not_found";
            case 413 -> "too_large";
            case 429 -> "too_many";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "other";
        };
    }
}
