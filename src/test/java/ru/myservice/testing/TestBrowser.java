package ru.myservice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser for integration tests: keeps cookies per host, follows redirects across hosts
 * the way a browser does (POST becomes GET after 302/303), and reads CSRF tokens from pages.
 */
public final class TestBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String language = "ru-RU,ru;q=0.9";
    private String userAgent = "Java-http-client";

    public TestBrowser english() {
        language = "en-US,en;q=0.9";
        return this;
    }

    /** Sends this User-Agent with every request, as a real browser on some device would. */
    public TestBrowser userAgent(String value) {
        userAgent = value;
        return this;
    }

    /** One request, no redirects followed. */
    public HttpResponse<String> get(String url) {
        return send(request(url).GET().build());
    }

    /** One request with an extra header (the JVM must allow restricted ones such as Host: see the pom). */
    public HttpResponse<String> get(String url, String header, String value) {
        return send(request(url).header(header, value).GET().build());
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        return send(request(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build());
    }

    /** A form post with one extra header, e.g. the {@code X-Forwarded-For} a proxy would add. */
    public HttpResponse<String> post(String url, Map<String, String> form, String header, String value) {
        return send(request(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build());
    }

    /** A JSON call as our pages make it: same cookies, and the CSRF token in its header when given. */
    public HttpResponse<String> json(String method, String url, String body, String csrfToken) {
        var request = request(url).header("Accept", "application/json");
        if (csrfToken != null) {
            request.header("X-CSRF-TOKEN", csrfToken);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(request.build());
    }

    /**
     * A call with any body and content type, as a script on a page (or anyone else) could make it;
     * {@code contentType} and {@code csrfToken} are left out when null.
     */
    public HttpResponse<String> call(String method, String url, String contentType, String body, String csrfToken) {
        var request = request(url).setHeader("Accept", "application/json");
        if (csrfToken != null) {
            request.header("X-CSRF-TOKEN", csrfToken);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    /** Follows redirects from {@code response} until a page that is not a redirect. */
    public HttpResponse<String> follow(HttpResponse<String> response) {
        HttpResponse<String> current = response;
        var chain = new java.util.ArrayList<String>();
        for (int hops = 0; hops < 20 && isRedirect(current); hops++) {
            chain.add(current.statusCode() + " " + current.uri());
            current = get(location(current).toString());
        }
        if (isRedirect(current)) {
            throw new AssertionError("Redirect loop: " + chain);
        }
        return current;
    }

    public HttpResponse<String> open(String url) {
        return follow(get(url));
    }

    public static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() >= 300 && response.statusCode() < 400;
    }

    public static URI location(HttpResponse<?> response) {
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("No Location header on " + response.statusCode()));
        return response.uri().resolve(location);
    }

    /** The CSRF token of a page's forms. */
    public static String csrf(HttpResponse<String> page) {
        return csrf(page.body());
    }

    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No CSRF token on the page");
        }
        return m.group(1);
    }

    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst();
    }

    /** Every cookie this browser holds, as its {@code Cookie} header carries them: {@code a=1; b=2}. */
    public String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    /** Puts a cookie (e.g. a session id taken from another browser) into this one. */
    public void setCookie(String url, String name, String value) {
        var cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(url), cookie);
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(key, value);
        }
        return params;
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept-Language", language)
                .header("User-Agent", userAgent)
                .header("Accept", "text/html,application/xhtml+xml,*/*");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
