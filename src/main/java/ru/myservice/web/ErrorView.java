package ru.myservice.web;

/** The error page's one parameter: the HTTP status shown. */
public record ErrorView(int status) {

    public String messageKey() {
        return switch (status) {
            case 400 -> "error.400";
            case 403 -> "error.403";
            case 404, 405 -> "error.404";
            default -> status >= 500 ? "error.500" : "error.other";
        };
    }
}
