package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever goes wrong with a call to {@code /api/**}, the caller gets {@code application/problem+json}
 * with a stable code and a sentence in its language, never an HTML page.
 */
class ApiErrorsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AppInstance app = SharedApp.app();

    @Test
    void aTabLeftOpenAfterSigningOutEverywhereIsToldToSignInAgain() {
        Person person = Person.fresh();
        var staleTab = new TestBrowser();
        var dashboard = ProviderFlow.signIn(staleTab, app, "google", person);
        String staleToken = TestBrowser.csrf(dashboard);
        var other = new TestBrowser();
        var otherDashboard = ProviderFlow.signIn(other, app, "google", person);
        other.post(app.url("/signout/everywhere"), Map.of("_csrf", TestBrowser.csrf(otherDashboard)));

        var topUp = staleTab.json("POST", app.url("/api/topups"), "{\"amount\":\"100\"}", staleToken);
        var poll = staleTab.json("GET", app.url("/api/topups/" + UUID.randomUUID()), null, null);

        JsonNode refused = problem(topUp, 401, "session_expired");
        assertThat(refused.path("detail").asString()).isEqualTo("Сеанс завершён — войдите снова.");
        assertThat(problem(poll, 401, "session_expired").path("detail").asString())
                .isEqualTo("Сеанс завершён — войдите снова.");
    }

    @Test
    void anonymousCallersGetTheProblemInTheirLanguage() {
        var response = new TestBrowser().english().json("GET", app.url("/api/topups/" + UUID.randomUUID()), null, null);

        assertThat(problem(response, 401, "session_expired").path("detail").asString())
                .isEqualTo("Your session has ended. Please sign in again.");
    }

    @Test
    void aSignedInCallWithoutTheTokenIsTheOutdatedPageProblem() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        var response = browser.json("POST", app.url("/api/topups"), "{\"amount\":\"100\"}", null);

        assertThat(problem(response, 403, "csrf_invalid").path("detail").asString())
                .contains("Страница устарела");
    }

    @Test
    void malformedWronglyTypedOversizedAndMisdirectedCallsAreProblems() {
        var browser = new TestBrowser();
        String csrf = TestBrowser.csrf(ProviderFlow.signIn(browser, app, "yandex", Person.fresh()));
        String topups = app.url("/api/topups");

        problem(browser.call("POST", topups, "application/json", "{\"amount\":", csrf), 400, "bad_request");
        var plain = problem(
                browser.call("POST", topups, "text/plain", "{\"amount\":\"100\"}", csrf),
                415,
                "unsupported_media_type");
        assertThat(plain.path("detail").asString()).contains("application/json");
        problem(
                browser.call("POST", topups, "application/xml", "<amount>100</amount>", csrf),
                415,
                "unsupported_media_type");
        String huge = "{\"amount\":\"" + "1".repeat(70_000) + "\"}";
        problem(browser.call("POST", topups, "application/json", huge, csrf), 413, "body_too_large");
        problem(browser.call("GET", app.url("/api/topups/not-a-payment"), null, null, null), 400, "bad_request");
        problem(browser.call("DELETE", topups, null, null, csrf), 405, "method_not_allowed");
        problem(browser.call("GET", app.url("/api/no-such-thing"), null, null, null), 404, "not_found");
        problem(
                browser.call("GET", app.url("/api/topups/" + UUID.randomUUID()), null, null, null),
                404,
                "payment_not_found");
    }

    @Test
    void aTopUpWhileThePaymentServiceIsNotSetUpSaysSo() {
        var browser = new TestBrowser();
        String csrf = TestBrowser.csrf(ProviderFlow.signIn(browser, app, "vk", Person.fresh()));

        var response = browser.json("POST", app.url("/api/topups"), "{\"amount\":\"100\"}", csrf);

        assertThat(problem(response, 503, "payment_service_unavailable")
                        .path("detail")
                        .asString())
                .contains("Деньги не списаны");
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as("content type of " + response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("code").asString()).as(response.body()).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asString()).isNotBlank();
        return body;
    }
}
