package ru.myservice.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Attacks a visitor could try, and that they bounce off: forged posts, junk input, huge bodies, guessing. */
class SecurityProbesIntegrationTest {

    private static final long SEED = 20261126L;

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);

    private record SignedIn(TestBrowser browser, UUID account, String csrf) {}

    private SignedIn signedIn() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        UUID account = db.sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
        return new SignedIn(browser, account, TestBrowser.csrf(dashboard));
    }

    @Test
    void everyStateChangingEndpointRefusesAPostWithoutTheCsrfToken() {
        var user = signedIn();
        var posts = Map.of(
                "/signout", Map.<String, String>of(),
                "/signout/everywhere", Map.<String, String>of(),
                "/link/google", Map.<String, String>of(),
                "/signin/email", Map.of("email", "a@example.ru"),
                "/signin/email/code", Map.of("code", "123456"),
                "/signin/telegram", Map.of("id", "1", "first_name", "x", "auth_date", "1", "hash", "0".repeat(64)));

        posts.forEach((path, form) -> assertThat(
                        user.browser().post(app.url(path), form).statusCode())
                .as(path)
                .isEqualTo(403));
        assertThat(user.browser()
                        .json("POST", app.url("/api/topups"), "{\"amount\":\"100\"}", null)
                        .statusCode())
                .as("/api/topups")
                .isEqualTo(403);
        assertThat(user.browser()
                        .post(app.url("/signout"), Map.of("_csrf", "forged-token"))
                        .statusCode())
                .as("a forged token")
                .isEqualTo(403);
        assertThat(user.browser().open(app.url("/dashboard")).uri().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void aTokenFromSomeoneElsesPageIsRefused() {
        var attacker = new TestBrowser();
        String theirs = TestBrowser.csrf(attacker.open(app.url("/signin")));
        var victim = new TestBrowser();
        Map<String, String> form = Map.of("email", "user-" + UUID.randomUUID() + "@example.ru", "_csrf", theirs);

        var beforeVisiting = victim.post(app.url("/signin/email"), form);
        victim.open(app.url("/signin"));
        var afterVisiting = victim.post(app.url("/signin/email"), form);

        assertThat(beforeVisiting.statusCode()).isEqualTo(403);
        assertThat(afterVisiting.statusCode()).isEqualTo(403);
        String client = ru.myservice.testing.ClientAddresses.fresh();
        assertThat(attacker.post(app.url("/signin/email"), form, "X-Forwarded-For", client)
                        .statusCode())
                .as("the token in its own browser")
                .isEqualTo(302);
    }

    @Test
    void fuzzedAmountsAreRefusedWithoutA5xxAndStoreNothing() {
        var user = signedIn();
        var random = new Random(SEED);
        List<String> bodies = new ArrayList<>(List.of(
                "{\"amount\":\"\"}",
                "{\"amount\":null}",
                "{}",
                "{\"amount\":[1]}",
                "{\"amount\":{\"value\":1}}",
                "{\"amount\":\"-100\"}",
                "{\"amount\":\"1e5\"}",
                "{\"amount\":\"100.001\"}",
                "{\"amount\":\"NaN\"}",
                "{\"amount\":\"Infinity\"}",
                "{\"amount\":\"99999999999999999999999\"}",
                "{\"amount\":\"0x10\"}",
                "{\"amount\":\"100; drop table payments\"}",
                "{\"amount\":\"<script>\"}",
                "not json",
                "[]",
                "\"x\"",
                "{\"amount\":\"" + "9".repeat(5000) + "\"}",
                "{\"amount\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));
        for (int i = 0; i < 60; i++) {
            StringBuilder junk = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int j = 0; j < length; j++) {
                junk.append((char) (0x20 + random.nextInt(0x3000)));
            }
            bodies.add("{\"amount\":\"" + junk.toString().replace("\\", "").replace("\"", "") + "\"}");
        }

        for (String body : bodies) {
            var response = user.browser().json("POST", app.url("/api/topups"), body, user.csrf());
            // Refused for its amount: a 403 would be the CSRF check, which this probe is not about.
            assertThat(response.statusCode())
                    .as(body.length() > 80 ? body.substring(0, 80) : body)
                    .isBetween(400, 499)
                    .isNotEqualTo(403);
        }
        assertThat(db.sql("select count(*) from payments where user_id = :u")
                        .param("u", user.account())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void fuzzedAddressesAreRefusedWithoutA5xxAndNoLetterGoesOut() {
        var browser = new TestBrowser();
        var random = new Random(SEED + 1);
        List<String> addresses = new ArrayList<>(List.of(
                "",
                " ",
                "@",
                "a@",
                "@b.ru",
                "a@@b.ru",
                "a@b",
                "a b@c.ru",
                "a@b..ru",
                "a@-b.ru",
                "\"a\"@b.ru",
                "a@b.ru\r\nBcc: victim@example.ru",
                "a@b.ru%0d%0aBcc:x@y.ru",
                "x".repeat(300) + "@b.ru",
                "a@" + "b".repeat(70) + ".ru",
                "иван@пример.рф",
                "<a@b.ru>",
                "a@b.ru,c@d.ru"));
        for (int i = 0; i < 40; i++) {
            StringBuilder junk = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int j = 0; j < length; j++) {
                junk.append((char) (0x20 + random.nextInt(0x500)));
            }
            if (!junk.toString().contains("@")) {
                addresses.add(junk.toString());
            }
        }
        int letters = SharedApp.mail().all().size();

        for (String address : addresses) {
            var signin = browser.open(app.url("/signin"));
            var response =
                    browser.post(app.url("/signin/email"), Map.of("email", address, "_csrf", TestBrowser.csrf(signin)));
            assertThat(response.statusCode()).as(address).isEqualTo(422);
            assertThat(response.body()).as(address).contains("Проверьте адрес");
        }
        assertThat(SharedApp.mail().all()).hasSize(letters);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeAnythingReadsThem() throws Exception {
        var user = signedIn();
        String huge = "{\"amount\":\"" + "1".repeat(100_000) + "\"}";

        assertThat(user.browser()
                        .json("POST", app.url("/api/topups"), huge, user.csrf())
                        .statusCode())
                .isEqualTo(413);
        var webhook = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url("/api/payment/webhook")))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(huge))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(webhook.statusCode()).isEqualTo(413);
    }

    @Test
    void guessingCodesOrReplayingTelegramLoginsFromOnePlaceIsSlowedDown() {
        var settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.signin.email.attempts-per-client", "3");
        try (var limited = AppInstance.start(SharedApp.providers(), settings)) {
            var browser = new TestBrowser();
            String client = ru.myservice.testing.ClientAddresses.fresh();
            String address = "guess-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru";
            var signin = browser.open(limited.url("/signin"));
            browser.follow(browser.post(
                    limited.url("/signin/email"),
                    Map.of("email", address, "_csrf", TestBrowser.csrf(signin)),
                    "X-Forwarded-For",
                    client));
            String csrf = TestBrowser.csrf(browser.open(limited.url("/signin/email/code")));

            HttpResponse<String> last = null;
            for (int i = 0; i < 4; i++) {
                last = browser.follow(browser.post(
                        limited.url("/signin/email/code"),
                        Map.of("code", String.format("%06d", i), "_csrf", csrf),
                        "X-Forwarded-For",
                        client));
            }
            assertThat(last.body()).contains("Слишком много попыток");

            var telegram = browser.follow(browser.post(
                    limited.url("/signin/telegram"),
                    Map.of("id", "1", "first_name", "x", "auth_date", "1", "hash", "0".repeat(64), "_csrf", csrf),
                    "X-Forwarded-For",
                    client));
            assertThat(TestBrowser.query(telegram.uri())).containsEntry("error", "limited");
        }
    }
}
