package ru.myservice.casdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** What the operator sees of Casdoor in health, and that people never notice Casdoor trouble. */
class CasdoorStatusIntegrationTest {

    private FakeCasdoor casdoor;

    @BeforeEach
    void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication(
                CasdoorSyncIntegrationTest.ORG,
                "Myservice",
                CasdoorSyncIntegrationTest.CLIENT,
                CasdoorSyncIntegrationTest.SECRET);
    }

    @AfterEach
    void stop() {
        casdoor.close();
    }

    @Test
    void refusedCredentialsShowInHealthWhilePeopleSignInAsUsual() throws Exception {
        Map<String, String> settings = new HashMap<>(CasdoorSyncIntegrationTest.casdoorSettings(casdoor));
        settings.put("myservice.casdoor.client-secret", "not-the-secret");
        try (var app = AppInstance.start(SharedApp.providers(), settings)) {
            Eventually.within(
                    Duration.ofSeconds(10),
                    "the startup check ran",
                    () -> casdoorHealth(app).contains("credentials refused"));

            var page = ProviderFlow.signIn(new TestBrowser(), app, "vk", Person.fresh());

            assertThat(page.uri().getPath()).isEqualTo("/dashboard");
            assertThat(readiness(app)).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void anUnreachableCasdoorShowsInHealth() throws Exception {
        Map<String, String> settings = new HashMap<>(CasdoorSyncIntegrationTest.casdoorSettings(casdoor));
        casdoor.setDown(true);
        try (var app = AppInstance.start(SharedApp.providers(), settings)) {
            Eventually.within(
                    Duration.ofSeconds(10),
                    "the startup check ran",
                    () -> casdoorHealth(app).contains("unreachable"));
            assertThat(readiness(app)).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void withoutCredentialsTheSyncIsOffAndSaysSo() throws Exception {
        Map<String, String> settings = new HashMap<>(CasdoorSyncIntegrationTest.casdoorSettings(casdoor));
        settings.put("myservice.casdoor.client-id", "");
        settings.put("myservice.casdoor.client-secret", "");
        try (var app = AppInstance.start(SharedApp.providers(), settings)) {
            Eventually.within(
                    Duration.ofSeconds(10),
                    "the startup check ran",
                    () -> casdoorHealth(app).contains("off: CASDOOR_CLIENT_ID"));

            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "google", person);

            // The job waits for credentials, untouched, and the Casdoor the app is pointed at hears nothing.
            assertThat(app.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                            .sql("""
                                    select count(*) from casdoor_sync_jobs
                                    where account_id = :a and attempts = 0 and leased_until is null
                                    """)
                            .param("a", accountOf(app, person))
                            .query(Integer.class)
                            .single())
                    .isEqualTo(1);
            assertThat(casdoor.calls()).isEmpty();
        }
    }

    @Test
    void theOperatorCanRequeueEveryAccount() throws Exception {
        try (var app = AppInstance.start(SharedApp.providers(), CasdoorSyncIntegrationTest.casdoorSettings(casdoor))) {
            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "google", person);
            String name = "u-" + accountOf(app, person);
            Eventually.within(
                    Duration.ofSeconds(20),
                    "first sync",
                    () -> casdoor.user(CasdoorSyncIntegrationTest.ORG, name).isPresent());
            casdoor.clearCalls();
            var http = HttpClient.newHttpClient();
            String endpoint = "http://localhost:" + app.managementPort() + "/actuator/casdoorsync";

            var requeue = http.send(
                    HttpRequest.newBuilder(URI.create(endpoint))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(requeue.statusCode()).isEqualTo(200);
            long accounts = app.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                    .sql("select count(*) from accounts")
                    .query(Long.class)
                    .single();
            assertThat(requeue.body()).isEqualTo("{\"queued\":" + accounts + "}");
            Eventually.within(
                    Duration.ofSeconds(30),
                    "the queue drains",
                    () -> get(endpoint).contains("\"pending\":0"));
            assertThat(casdoor.calls())
                    .as("the person's Casdoor user is looked at again")
                    .anyMatch(c -> c.path().equals("/api/get-user")
                            && (CasdoorSyncIntegrationTest.ORG + "/" + name)
                                    .equals(c.query().get("id")));
        }
    }

    private static java.util.UUID accountOf(AppInstance app, Person person) {
        return app.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("select account_id from identities where provider = 'google' and subject = :s")
                .param("s", person.subject())
                .query(java.util.UUID.class)
                .single();
    }

    private static String casdoorHealth(AppInstance app) {
        return get("http://localhost:" + app.managementPort() + "/actuator/health");
    }

    private static String readiness(AppInstance app) {
        return get("http://localhost:" + app.managementPort() + "/actuator/health/readiness");
    }

    private static String get(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
