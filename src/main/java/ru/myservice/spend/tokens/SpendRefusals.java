package ru.myservice.spend.tokens;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import ru.myservice.config.ApiProblems;

/**
 * How the spend API says no, as problems: 401 {@code invalid_token} whatever was wrong with the token (or its
 * absence), 403 {@code insufficient_rights} for a caller without the right, 503 {@code unavailable} while Casdoor's
 * keys cannot be had. The caller learns only the kind; the log says which check failed, never the token.
 */
final class SpendRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(SpendRefusals.class);

    private final ApiProblems problems;

    SpendRefusals(ApiProblems problems) {
        this.problems = problems;
    }

    /** Casdoor's key set could not be fetched: nothing is known about the token yet. */
    static final class KeysUnavailable extends AuthenticationException {
        KeysUnavailable(Throwable cause) {
            super("Casdoor's signing keys are unavailable", cause);
        }
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        if (refused instanceof KeysUnavailable) {
            log.warn(
                    "Spend API: {} {} not checked, Casdoor's signing keys are unavailable: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    Printable.of(rootMessage(refused)));
            problems.send(request, response, HttpStatus.SERVICE_UNAVAILABLE, "unavailable");
            return;
        }
        boolean tokenSent = refused instanceof OAuth2AuthenticationException;
        if (tokenSent) {
            log.info(
                    "Spend API: {} {} refused, bearer token rejected: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    reason(refused));
        } else {
            log.debug("Spend API: {} {} refused, no bearer token", request.getMethod(), request.getRequestURI());
        }
        // RFC 6750 §3.1: no error code when the request had no credentials at all.
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
        problems.send(request, response, HttpStatus.UNAUTHORIZED, "invalid_token");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        log.info(
                "Spend API: {} {} refused, {} lacks the right: {}",
                request.getMethod(),
                request.getRequestURI(),
                who == null ? "the caller" : who.getPrincipal(),
                Printable.of(denied.getMessage()));
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
        problems.send(request, response, HttpStatus.FORBIDDEN, "insufficient_rights");
    }

    /** Every check that failed, as the decoder described it. */
    private static String reason(AuthenticationException refused) {
        for (Throwable t = refused; t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException invalid) {
                return Printable.of(String.join(
                        "; ",
                        invalid.getErrors().stream()
                                .map(error -> String.valueOf(error.getDescription()))
                                .toList()));
            }
        }
        return Printable.of(rootMessage(refused));
    }

    private static String rootMessage(Throwable refused) {
        Throwable t = refused;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
