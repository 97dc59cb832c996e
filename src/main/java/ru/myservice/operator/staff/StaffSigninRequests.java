package ru.myservice.operator.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.transaction.annotation.Transactional;

/**
 * A staff sign-in between leaving for Casdoor and coming back: its state, nonce and PKCE verifier
 * are kept in {@code staff_signin_requests}, found by a short-lived cookie of their own, never in an
 * HTTP session (which would be a customer session). The callback takes the request, so each is used
 * once, and only with the {@code state} it was issued with.
 */
class StaffSigninRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "MYSERVICE_STAFF_SIGNIN";

    /** Longer than anyone takes to pick an account at Casdoor, as short as that allows. */
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean secure;

    StaffSigninRequests(JdbcClient jdbc, Clock clock, boolean secure) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secure = secure;
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String id = StaffSessions.cookieValue(request, COOKIE);
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (id == null || state == null) {
            return null;
        }
        var stored = jdbc.sql("select request, created_at from staff_signin_requests where id_hash = :hash")
                .param("hash", StaffSessions.hash(id))
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getTimestamp(2)))
                .optional();
        if (stored.isEmpty()
                || stored.get().createdAt().toInstant().plus(LIFETIME).isBefore(clock.instant())) {
            return null;
        }
        OAuth2AuthorizationRequest authorization = read(stored.get().request());
        return state.equals(authorization.getState()) ? authorization : null;
    }

    @Override
    @Transactional
    public void saveAuthorizationRequest(
            @Nullable OAuth2AuthorizationRequest authorization,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (authorization == null) {
            removeAuthorizationRequest(request, response);
            return;
        }
        Instant now = clock.instant();
        jdbc.sql("delete from staff_signin_requests where created_at < :old")
                .param("old", Timestamp.from(now.minus(LIFETIME)))
                .update();
        String id = StaffSessions.newId();
        jdbc.sql("insert into staff_signin_requests (id_hash, request, created_at) values (:hash, :request, :now)")
                .param("hash", StaffSessions.hash(id))
                .param("request", write(authorization))
                .param("now", Timestamp.from(now))
                .update();
        response.addHeader("Set-Cookie", cookie(id, LIFETIME).toString());
    }

    @Override
    @Transactional
    public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest authorization = loadAuthorizationRequest(request);
        String id = StaffSessions.cookieValue(request, COOKIE);
        if (id != null) {
            int taken = jdbc.sql("delete from staff_signin_requests where id_hash = :hash")
                    .param("hash", StaffSessions.hash(id))
                    .update();
            response.addHeader("Set-Cookie", cookie("", Duration.ZERO).toString());
            // Two callbacks racing with the same cookie: only the one that deleted the row goes on.
            if (taken == 0) {
                return null;
            }
        }
        return authorization;
    }

    private ResponseCookie cookie(String value, Duration maxAge) {
        return ResponseCookie.from(COOKIE, value)
                .path(StaffSessions.PATH)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax")
                .maxAge(maxAge)
                .build();
    }

    private static byte[] write(OAuth2AuthorizationRequest authorization) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(authorization);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Our own rows, written just above; nothing from a browser is ever deserialized. */
    private static OAuth2AuthorizationRequest read(byte[] bytes) {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (OAuth2AuthorizationRequest) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(byte[] request, Timestamp createdAt) {}
}
