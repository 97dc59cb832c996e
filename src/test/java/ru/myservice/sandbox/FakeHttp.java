package ru.myservice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Wire-level plumbing shared by the fake providers, kept apart so the OAuth rules in {@link FakeProviders} read plainly. */
final class FakeHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final SecureRandom RANDOM = new SecureRandom();

    private FakeHttp() {}

    static String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static byte[] randomBytes(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return raw;
    }

    /** Parses a query string or form body; the first value of a repeated name wins. */
    static Map<String, String> parseUrlEncoded(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return out;
    }

    static String decode(String s) {
        return URLDecoder.decode(s, UTF_8);
    }

    // %20 rather than '+': a redirect target may be parsed by code that does not treat '+' as a space.
    static String encode(String s) {
        return URLEncoder.encode(s, UTF_8).replace("+", "%20");
    }

    /** Appends parameters to a URI that may already carry a query; null values are skipped. */
    static String withQuery(String uri, Map<String, String> params) {
        StringBuilder out = new StringBuilder(uri);
        String separator = uri.endsWith("?") || uri.endsWith("&") ? "" : uri.indexOf('?') >= 0 ? "&" : "?";
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (p.getValue() == null) {
                continue;
            }
            out.append(separator).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            separator = "&";
        }
        return out.toString();
    }

    /** Client credentials from an {@code Authorization: Basic} header, or null when there is no such header. */
    static Credentials basicCredentials(Map<String, String> headers) {
        String header = headers.get("authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), UTF_8);
            int colon = pair.indexOf(':');
            if (colon < 0) {
                return Credentials.MALFORMED;
            }
            // RFC 6749 §2.3.1: both halves are form-encoded before being joined.
            return new Credentials(decode(pair.substring(0, colon)), decode(pair.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Credentials.MALFORMED;
        }
    }

    /** The token after one of the given schemes in the Authorization header (case-insensitive), or null. */
    static String authorizationToken(Map<String, String> headers, String... schemes) {
        String header = headers.get("authorization");
        if (header == null) {
            return null;
        }
        for (String scheme : schemes) {
            String prefix = scheme + " ";
            if (header.regionMatches(true, 0, prefix, 0, prefix.length())) {
                String token = header.substring(prefix.length()).trim();
                return token.isEmpty() ? null : token;
            }
        }
        return null;
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void html(HttpExchange exchange, int status, String page) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", page.getBytes(UTF_8));
    }

    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        send(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed".getBytes(UTF_8));
    }

    // What an outage looks like in practice: a proxy's HTML page, not an OAuth error document.
    static void serverError(HttpExchange exchange) throws IOException {
        html(
                exchange,
                500,
                "<html><head><title>500 Internal Server Error</title></head>"
                        + "<body><h1>500 Internal Server Error</h1></body></html>");
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    record Credentials(String clientId, String secret) {
        static final Credentials MALFORMED = new Credentials("", "");
    }
}
