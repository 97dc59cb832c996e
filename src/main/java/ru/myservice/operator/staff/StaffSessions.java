package ru.myservice.operator.staff;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.operator.StaffMember;

/**
 * Staff sessions: a row in {@code staff_sessions} and a cookie of their own, {@code MYSERVICE_STAFF},
 * sent only to {@code /operator}. The cookie carries a random id; the table keeps its SHA-256, so a
 * copy of the table signs nobody in. A session ends when unused for the idle timeout or at its
 * absolute age, whichever comes first, measured by the injected clock.
 */
class StaffSessions {

    static final String COOKIE = "MYSERVICE_STAFF";
    static final String PATH = "/operator";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final boolean secure;

    StaffSessions(JdbcClient jdbc, Clock clock, Duration idleTimeout, Duration maxAge, boolean secure) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.secure = secure;
    }

    /** Opens a session for {@code staff} and hands the browser its cookie; sessions long over are cleared. */
    @Transactional
    void open(StaffMember staff, HttpServletRequest request, HttpServletResponse response) {
        Instant now = clock.instant();
        String previous = cookieValue(request);
        if (previous != null) {
            delete(previous);
        }
        jdbc.sql("delete from staff_sessions where last_used_at < :idle or created_at < :old")
                .param("idle", Timestamp.from(now.minus(idleTimeout)))
                .param("old", Timestamp.from(now.minus(maxAge)))
                .update();
        String id = newId();
        jdbc.sql("""
                        insert into staff_sessions
                            (id_hash, subject, login, display_name, email, read_only, created_at, last_used_at)
                        values (:hash, :subject, :login, :name, :email, :readOnly, :now, :now)
                        """)
                .param("hash", hash(id))
                .param("subject", staff.subject())
                .param("login", staff.login())
                .param("name", staff.displayName())
                .param("email", staff.email())
                .param("readOnly", staff.readOnly())
                .param("now", Timestamp.from(now))
                .update();
        response.addHeader("Set-Cookie", cookie(id, null).toString());
    }

    /** The staff member whose live session the request's cookie names; an ended session is deleted. */
    @Transactional
    Optional<StaffMember> current(HttpServletRequest request) {
        String id = cookieValue(request);
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        byte[] hash = hash(id);
        Optional<Row> row = jdbc.sql("""
                        select subject, login, display_name, email, read_only, created_at, last_used_at
                        from staff_sessions where id_hash = :hash for update
                        """).param("hash", hash).query(Row.class).optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Row r = row.get();
        boolean idle = r.lastUsedAt().toInstant().plus(idleTimeout).isBefore(now);
        boolean old = r.createdAt().toInstant().plus(maxAge).isBefore(now);
        if (idle || old) {
            delete(id);
            return Optional.empty();
        }
        jdbc.sql("update staff_sessions set last_used_at = :now where id_hash = :hash")
                .param("now", Timestamp.from(now))
                .param("hash", hash)
                .update();
        return Optional.of(new StaffMember(r.subject(), r.login(), r.displayName(), r.email(), r.readOnly()));
    }

    /** Ends the request's session, if any, and tells the browser to forget the cookie. */
    @Transactional
    void close(HttpServletRequest request, HttpServletResponse response) {
        String id = cookieValue(request);
        if (id != null) {
            delete(id);
        }
        response.addHeader("Set-Cookie", cookie("", Duration.ZERO).toString());
    }

    private void delete(String id) {
        jdbc.sql("delete from staff_sessions where id_hash = :hash")
                .param("hash", hash(id))
                .update();
    }

    /** HttpOnly, SameSite=Lax (the browser comes back from Casdoor by a top-level GET), Secure behind https. */
    private ResponseCookie cookie(String value, @Nullable Duration maxAge) {
        var cookie = ResponseCookie.from(COOKIE, value)
                .path(PATH)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Lax");
        if (maxAge != null) {
            cookie.maxAge(maxAge);
        }
        return cookie.build();
    }

    static @Nullable String cookieValue(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static @Nullable String cookieValue(HttpServletRequest request) {
        return cookieValue(request, COOKIE);
    }

    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Row(
            String subject,
            String login,
            String displayName,
            String email,
            boolean readOnly,
            Timestamp createdAt,
            Timestamp lastUsedAt) {}
}
