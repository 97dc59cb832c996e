package ru.myservice.spend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.ApiProblems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe-style idempotency keys: the key is claimed, per calling client, in the same transaction that
 * moves the money, and keeps the answer given. A retry with the same key and body gets that answer
 * again (marked replayed) without a second effect; a concurrent retry waits for the first to commit; the
 * same key with another body is refused; a crash rolls back the key with the money.
 */
@Component
class Idempotency {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer to send: its JSON, and whether it repeats an earlier one. */
    record Reply(int status, String json, boolean replayed) {}

    private final SpendRepository records;
    private final ApiProblems problems;

    Idempotency(SpendRepository records, ApiProblems problems) {
        this.records = records;
        this.problems = problems;
    }

    @Transactional
    Reply run(
            SpendCaller caller,
            String key,
            String method,
            String path,
            byte[] body,
            Locale locale,
            Supplier<Answer> action) {
        if (key.isBlank() || key.length() > 255) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "idempotency_key_missing", "Idempotency-Key");
        }
        String hash = hash(method, path, body);
        var earlier = records.claimKey(caller.clientId(), key, hash);
        if (earlier.isPresent()) {
            if (!earlier.get().requestHash().equals(hash)) {
                ProblemDetail problem =
                        problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused", locale);
                return new Reply(problem.getStatus(), json(problem), false);
            }
            return new Reply(earlier.get().status(), earlier.get().body(), true);
        }
        Answer answer;
        try {
            answer = action.get();
        } catch (SpendRefused refused) {
            // A malformed request is answered the same way on every retry, so it is kept like any answer.
            answer = Answer.problem(problems.problem(refused.status(), refused.code(), locale, refused.getMessage()));
        }
        String json = json(answer.body());
        records.keepAnswer(caller.clientId(), key, answer.status(), json);
        return new Reply(answer.status(), json, false);
    }

    static String json(Object body) {
        if (body instanceof ProblemDetail problem) {
            return JSON.writeValueAsString(ApiProblems.members(problem, null));
        }
        return JSON.writeValueAsString(body);
    }

    private static String hash(String method, String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
