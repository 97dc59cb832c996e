package ru.myservice.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One API call (a request under {@code /v3}) as {@link FakeYooKassa} received and answered it, kept so tests can
 * assert what the application sent — the idempotence key above all — and what it was told.
 *
 * <p>{@code path} is the path without the query; {@code query} holds the decoded query parameters (first value wins);
 * {@code headers} has lower-case names, a header sent several times keeps its values joined with {@code ", "};
 * {@code body} is the raw request body; {@code status} is the HTTP status answered and {@code reply} the body answered
 * (empty for 405 and 415, which carry none).
 */
public record FakeYooKassaCall(
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> headers,
        String body,
        int status,
        String reply) {

    public FakeYooKassaCall {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
