package ru.myservice.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * The account's signed-in sessions as devices: list them, end one, end all but this one. Sessions
 * live in the shared database, so ending one takes effect on every app instance at its next request.
 *
 * <p>A session is named on pages by a digest of its id, never by the id itself: the id is the
 * cookie, and a page that listed the cookies of every device would be worth stealing.
 */
@Component
class SessionDevices {

    /** The browser's User-Agent at sign-in, cut to a sane length. */
    static final String USER_AGENT = "myservice.userAgent";

    /** The sign-in method (provider id) the session began with. */
    static final String METHOD = "myservice.method";

    static final int USER_AGENT_LIMIT = 400;

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    SessionDevices(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    /**
     * One session as the sessions page lists it.
     *
     * @param key a digest of the session id, safe to put on a page
     * @param userAgent as the browser sent it at sign-in, or null for sessions begun before it was kept
     * @param method the provider id the person signed in with, or null if unknown
     * @param signedInAt when the person signed in, or null if unknown
     */
    record OpenSession(
            String key,
            @Nullable String userAgent,
            @Nullable String method,
            @Nullable Instant signedInAt,
            Instant lastActive,
            boolean current) {}

    /** This device first, then the most recently active. */
    List<OpenSession> list(String principal, @Nullable String currentId) {
        return sessions.findByPrincipalName(principal).values().stream()
                .map(session -> describe(session, currentId))
                .sorted(Comparator.comparing(OpenSession::current)
                        .reversed()
                        .thenComparing(OpenSession::lastActive, Comparator.reverseOrder()))
                .toList();
    }

    /** Ends the account's session with this key; false when there is none (already ended). */
    boolean end(String principal, String key, @Nullable String currentId) {
        Optional<String> id = sessions.findByPrincipalName(principal).keySet().stream()
                .filter(candidate -> key(candidate).equals(key))
                .filter(candidate -> !candidate.equals(currentId))
                .findFirst();
        id.ifPresent(sessions::deleteById);
        return id.isPresent();
    }

    /** Ends every session of the account, this one included; returns how many ended. */
    int endAll(String principal) {
        var all = sessions.findByPrincipalName(principal).keySet();
        all.forEach(sessions::deleteById);
        return all.size();
    }

    /** Ends every session of the account but this one; returns how many ended. */
    int endOthers(String principal, @Nullable String currentId) {
        Map<String, ? extends Session> all = sessions.findByPrincipalName(principal);
        var others = all.keySet().stream().filter(id -> !id.equals(currentId)).toList();
        others.forEach(sessions::deleteById);
        return others.size();
    }

    private static OpenSession describe(Session session, @Nullable String currentId) {
        Long signedInAt = session.getAttribute(SessionLifetimeFilter.SIGNED_IN_AT);
        return new OpenSession(
                key(session.getId()),
                session.getAttribute(USER_AGENT),
                session.getAttribute(METHOD),
                signedInAt == null ? null : Instant.ofEpochMilli(signedInAt),
                session.getLastAccessedTime(),
                session.getId().equals(currentId));
    }

    static String key(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
