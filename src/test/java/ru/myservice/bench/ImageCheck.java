package ru.myservice.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeProviders;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestDatabase;

/**
 * Starts the packaged jar as the image starts it ({@link Launch#image}: the extracted jar, the
 * Dockerfile's options, Spring's AOT-generated context and an AOT cache trained against an empty
 * database) and uses it once as people and the AI services do: readiness, sign-in through the VK
 * stand-in, the dashboard, a top-up window's form, the spend API with a Casdoor token, the metrics.
 * Spring's AOT processing fixes the beans at build time, so this is what proves that the image's context
 * is whole; the tests run the context the ordinary way. Run by {@code .ci/run} after the tests; exits
 * non-zero, saying which step failed, with the app's log in {@code target/image-check.log}.
 */
public final class ImageCheck {

    private ImageCheck() {}

    public static void main(String[] args) throws Exception {
        Path jar = BenchHarness.packagedJar();
        String jdbc = TestDatabase.jdbcUrl();
        int failures = 0;
        try (var providers = FakeProviders.start(0);
                var yookassa = YooKassaStand.start();
                var casdoor = FakeCasdoor.start(0)) {
            var stands = BenchHarness.stands(providers, yookassa, casdoor);
            var launch = Launch.image(jar);
            if (!launch.jvmOptions().contains(Launch.SPRING_AOT)) {
                throw new IllegalStateException("The Dockerfile no longer starts the context from Spring AOT");
            }
            try (var app = BenchApp.start(launch, jdbc, stands, Map.of(), "image-check.log")) {
                System.out.println("Image check: ready in " + app.readySeconds() + " s");
                failures += check(
                        "the log says the context came from Spring AOT",
                        () -> Files.readString(Path.of("target", "image-check.log"))
                                .contains("Starting AOT-processed MyServiceApplication"));

                var browser = new TestBrowser();
                var person = new Person("777000111", "Проверка", "Образа", "", false);
                failures += check("a person signs in through VK and sees the dashboard", () -> {
                    ProviderFlow.signIn(browser, app.site(), "vk", person);
                    var dashboard = browser.get(app.site() + "/dashboard");
                    return dashboard.statusCode() == 200
                            && dashboard.body().contains("Проверка")
                            && dashboard.body().contains("0,00");
                });
                failures += check("the top-up form carries a CSRF token", () -> {
                    var dashboard = browser.get(app.site() + "/dashboard");
                    return !TestBrowser.csrf(dashboard).isBlank();
                });

                String account = app.db()
                        .sql("select account_id::text from identities where provider = 'vk' and subject = :s")
                        .param("s", person.subject())
                        .query(String.class)
                        .optional()
                        .orElse(UUID.randomUUID().toString());
                String token = casdoor.tokens().appAccessToken(BenchCharges.CLIENT);
                failures += check("the spend API refuses a charge beyond the balance, as problem+json", () -> {
                    var charge = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(app.site() + "/api/v1/charges"))
                                            .header("Authorization", "Bearer " + token)
                                            .header("Content-Type", "application/json")
                                            .header("Idempotency-Key", "image-check-1")
                                            .POST(HttpRequest.BodyPublishers.ofString("""
                                                    {"account":"%s","amount":"1.00","reference":"image-check-1"}
                                                    """.formatted(account)))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    return charge.headers()
                                    .firstValue("Content-Type")
                                    .orElse("")
                                    .startsWith("application/problem+json")
                            && charge.body().contains("\"insufficient_funds\"");
                });
                failures += check(
                        "the management port serves the request metrics",
                        () -> HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(URI.create(app.management() + "/actuator/prometheus"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body()
                                .contains("http_server_requests_seconds"));
            }
        }
        if (failures > 0) {
            System.err.println("Image check: " + failures + " step(s) failed; the app's log: target/image-check.log");
            System.exit(1);
        }
        System.out.println("Image check passed");
        System.exit(0);
    }

    interface Step {
        boolean passes() throws Exception;
    }

    private static int check(String what, Step step) {
        try {
            if (step.passes()) {
                System.out.println("  ok: " + what);
                return 0;
            }
            System.err.println("  FAILED: " + what);
        } catch (Exception | AssertionError e) {
            System.err.println("  FAILED: " + what + ": " + e);
        }
        return 1;
    }
}
