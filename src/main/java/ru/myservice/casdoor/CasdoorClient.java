package ru.myservice.casdoor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import ru.myservice.config.OutboundHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Casdoor's user API as the contract describes it: every answer is HTTP 200 with a {@code status}
 * that decides success, so this client reads the envelope and turns it into data or a typed failure.
 * No cookies are kept (a cookie would outlive a rotated secret), and English messages are asked for,
 * since failures are classified by their text.
 */
class CasdoorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;
    private final CasdoorProperties settings;

    CasdoorClient(CasdoorProperties settings) {
        this.settings = settings;
        var factory = OutboundHttp.requestFactory(settings.connectTimeout(), settings.readTimeout());
        String credentials = settings.clientId() + ":" + settings.clientSecret();
        this.http = RestClient.builder()
                .requestFactory(factory)
                .baseUrl(settings.endpoint().toString())
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION,
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .defaultHeader(HttpHeaders.ACCEPT_LANGUAGE, "en")
                .build();
    }

    /** Casdoor's version; also proves the credentials, since the call needs them. */
    String version() {
        JsonNode data = call("GET", "/api/get-version-info", null);
        return data.path("version").asString("unknown");
    }

    Optional<ObjectNode> getUser(String name) {
        String uri = UriComponentsBuilder.fromPath("/api/get-user")
                .queryParam("id", settings.userId(name))
                .encode()
                .toUriString();
        JsonNode data = call("GET", uri, null);
        return data instanceof ObjectNode user ? Optional.of(user) : Optional.empty();
    }

    void addUser(ObjectNode user) {
        call("POST", "/api/add-user", user);
    }

    /** Removes the user; idempotent ("Unaffected" when it was not there). */
    void deleteUser(String name) {
        var body = JSON.createObjectNode();
        body.put("owner", settings.organization());
        body.put("name", name);
        call("POST", "/api/delete-user", body);
    }

    /** Writes the whole object; Casdoor changes only the listed (snake_case) columns. */
    void updateUser(String name, ObjectNode user, List<String> columns) {
        String uri = UriComponentsBuilder.fromPath("/api/update-user")
                .queryParam("id", settings.userId(name))
                .queryParam("columns", String.join(",", columns))
                .encode()
                .toUriString();
        call("POST", uri, user);
    }

    private JsonNode call(String method, String uri, ObjectNode body) {
        String raw;
        try {
            var request = "GET".equals(method)
                    ? http.get().uri(uri)
                    : http.post()
                            .uri(uri)
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(JSON.writeValueAsString(body));
            raw = request.retrieve()
                    .onStatus(status -> !status.is2xxSuccessful(), (req, res) -> {
                        throw new CasdoorException.Unavailable(
                                "Casdoor answered HTTP " + res.getStatusCode().value());
                    })
                    .body(String.class);
        } catch (RestClientException e) {
            throw new CasdoorException.Unavailable("Casdoor unreachable: " + e.getMessage(), e);
        }
        JsonNode envelope;
        try {
            envelope = raw == null ? null : JSON.readTree(raw);
        } catch (JacksonException e) {
            throw new CasdoorException.Unavailable("Casdoor answered something that is not JSON");
        }
        if (envelope == null || !envelope.has("status")) {
            throw new CasdoorException.Unavailable("Casdoor answered without a status");
        }
        if ("ok".equals(envelope.path("status").asString(""))) {
            return envelope.path("data");
        }
        throw classify(envelope.path("msg").asString(""));
    }

    /** Messages are hints (an operator can mask them), so only the few that change what we do are told apart. */
    static CasdoorException classify(String message) {
        if (message.contains("Unauthorized operation")
                || message.contains("Application not found for client ID")
                || message.contains("Incorrect client secret")
                || message.contains("Please login first")
                || message.contains("Access token")) {
            return new CasdoorException.Unauthorized(message);
        }
        if (message.contains("already exists")) {
            return new CasdoorException.Conflict(message);
        }
        return new CasdoorException.Rejected(message.isEmpty() ? "Casdoor refused the request" : message);
    }
}
