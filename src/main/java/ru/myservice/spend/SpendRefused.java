package ru.myservice.spend;

import org.springframework.http.HttpStatus;

/** A request the spend API refuses before anything happens; {@code code} is the problem's stable code. */
final class SpendRefused extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    SpendRefused(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
