package ru.myservice.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One API call as {@link FakeCasdoor} received and answered it, kept so tests can assert what the application sent and
 * what it was told.
 *
 * <p>{@code query} holds decoded parameters (first value wins, {@code +} read as a space as Go does); {@code body} is
 * the raw request body; {@code authorized} says whether the call ran as an application (valid client id and secret, or
 * a session cookie from an earlier such call). {@code replyStatus} is {@code "ok"} or {@code "error"} for a JSON
 * envelope (HTTP 200, or 400 for a malformed Content-Type), {@code "http-404"} for an unknown route, {@code "http-500"}
 * and {@code "http-502"} for injected failures, and {@code "dropped"} when the call was carried out but the connection
 * was closed without a reply. {@code replyMsg} is the envelope's {@code msg} (also for a dropped reply: what it would
 * have said), or a short description of an HTTP failure. {@code headers} has lower-case names; a header sent several
 * times keeps its values joined with {@code ", "}.
 */
public record FakeCasdoorCall(
        String method,
        String path,
        Map<String, String> query,
        String body,
        boolean authorized,
        String replyStatus,
        String replyMsg,
        Map<String, String> headers) {

    public FakeCasdoorCall {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
