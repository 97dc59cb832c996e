package ru.myservice.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as {@link FakeProviders} received it, kept so tests can assert what the application actually sent.
 * Header names are lower-case; a header sent several times keeps its values joined with {@code ", "}; a parameter
 * sent several times keeps its first value. {@code form} is empty unless the body was
 * {@code application/x-www-form-urlencoded}.
 */
public record FakeRequest(
        String method, String path, Map<String, String> query, Map<String, String> form, Map<String, String> headers) {

    public FakeRequest {
        query = frozen(query);
        form = frozen(form);
        headers = frozen(headers);
    }

    // Keeps the order the parameters arrived in, which Map.copyOf would not; it reads better in a failure message.
    private static Map<String, String> frozen(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
