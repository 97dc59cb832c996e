package ru.myservice.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The shared session table, written only when something changed. Every request marks its session
 * used, and the store would rewrite the session's row each time; here a use within {@link
 * #ACCESS_PRECISION} of the stored one is not written. A session may therefore end up to that much
 * before its idle timeout after its last use, never later.
 *
 * <p>Within one transaction a session is read once: the session filter asks for it again when it
 * finishes a request whose response was already sent.
 */
final class SessionStore<S extends Session> implements FindByIndexNameSessionRepository<Session> {

    /** How stale the stored last use of a session may be. */
    static final Duration ACCESS_PRECISION = Duration.ofMinutes(1);

    private final FindByIndexNameSessionRepository<S> table;

    SessionStore(FindByIndexNameSessionRepository<S> table) {
        this.table = table;
    }

    @Override
    public Session createSession() {
        return table.createSession();
    }

    @Override
    public void save(Session session) {
        table.save(stored(session));
    }

    @Override
    public @Nullable Session findById(String id) {
        Map<String, Session> read = readInThisTransaction();
        Session known = read.get(id);
        if (known != null && known.getId().equals(id)) {
            return known;
        }
        S found = table.findById(id);
        if (found == null) {
            return null;
        }
        Session used = new Used<>(found);
        read.put(id, used);
        return used;
    }

    @Override
    public void deleteById(String id) {
        readInThisTransaction().remove(id);
        table.deleteById(id);
    }

    @Override
    public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        return new LinkedHashMap<>(table.findByIndexNameAndIndexValue(indexName, indexValue));
    }

    /** The sessions read in the current transaction; an empty map to forget when there is none. */
    @SuppressWarnings("unchecked")
    private Map<String, Session> readInThisTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return new HashMap<>();
        }
        var read = (Map<String, Session>) TransactionSynchronizationManager.getResource(this);
        if (read == null) {
            Map<String, Session> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SessionStore.this);
                }
            });
            read = fresh;
        }
        return read;
    }

    @SuppressWarnings("unchecked")
    private S stored(Session session) {
        return session instanceof Used<?> used ? (S) used.row : (S) session;
    }

    /** A session as read from the table, keeping its stored last use unless that is a minute old. */
    private static final class Used<S extends Session> implements Session {

        private final S row;

        Used(S row) {
            this.row = row;
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            if (Duration.between(row.getLastAccessedTime(), lastAccessedTime).compareTo(ACCESS_PRECISION) >= 0) {
                row.setLastAccessedTime(lastAccessedTime);
            }
        }

        @Override
        public String getId() {
            return row.getId();
        }

        @Override
        public String changeSessionId() {
            return row.changeSessionId();
        }

        @Override
        public <T> @Nullable T getAttribute(String attributeName) {
            return row.getAttribute(attributeName);
        }

        @Override
        public Set<String> getAttributeNames() {
            return row.getAttributeNames();
        }

        @Override
        public void setAttribute(String attributeName, Object attributeValue) {
            row.setAttribute(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            row.removeAttribute(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return row.getCreationTime();
        }

        @Override
        public Instant getLastAccessedTime() {
            return row.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            row.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return row.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return row.isExpired();
        }
    }
}
