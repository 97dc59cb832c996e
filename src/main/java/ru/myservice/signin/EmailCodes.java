package ru.myservice.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Six-digit sign-in codes: one active per address, stored only as a salted hash, short-lived, single
 * use, and burnt after too many wrong tries.
 */
@Component
class EmailCodes {

    enum Check {
        ACCEPTED,
        WRONG,
        BURNT,
        EXPIRED,
        NONE
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    EmailCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A fresh code for {@code email}, replacing any earlier one. */
    String issue(String email, Duration lifetime) {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        jdbc.sql("""
                        insert into email_codes (email, code_hash, salt, attempts, expires_at)
                        values (:email, :hash, :salt, 0, now() + make_interval(secs => :lifetime))
                        on conflict (email) do update set code_hash = excluded.code_hash, salt = excluded.salt,
                            attempts = 0, expires_at = excluded.expires_at, created_at = now()
                        """)
                .param("email", email)
                .param("hash", hash(salt, code))
                .param("salt", salt)
                .param("lifetime", (double) lifetime.toSeconds())
                .update();
        return code;
    }

    @Transactional
    Check check(String email, String code, int maxAttempts) {
        record Row(byte[] hash, byte[] salt, int attempts, boolean expired) {}
        var row = jdbc.sql("""
                        select code_hash, salt, attempts, expires_at < now() as expired
                        from email_codes where email = :email for update
                        """)
                .param("email", email)
                .query((rs, n) -> new Row(
                        rs.getBytes("code_hash"), rs.getBytes("salt"), rs.getInt("attempts"), rs.getBoolean("expired")))
                .optional();
        if (row.isEmpty()) {
            return Check.NONE;
        }
        if (row.get().expired()) {
            delete(email);
            return Check.EXPIRED;
        }
        if (row.get().attempts() >= maxAttempts) {
            return Check.BURNT;
        }
        if (code.matches("\\d{6}")
                && MessageDigest.isEqual(row.get().hash(), hash(row.get().salt(), code))) {
            delete(email);
            return Check.ACCEPTED;
        }
        jdbc.sql("update email_codes set attempts = attempts + 1 where email = :email")
                .param("email", email)
                .update();
        return row.get().attempts() + 1 >= maxAttempts ? Check.BURNT : Check.WRONG;
    }

    private void delete(String email) {
        jdbc.sql("delete from email_codes where email = :email")
                .param("email", email)
                .update();
    }

    private static byte[] hash(byte[] salt, String code) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(code.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }
}
