package ru.myservice.spend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.DemoAiService;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeCasdoorTokens;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The spend API over HTTP, as a service with a Casdoor token calls it, and the sandbox's demo service using it. */
class SpendApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static FakeCasdoor casdoor;
    static FakeCasdoorTokens tokens;
    static AppInstance app;

    @BeforeAll
    static void start() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication("myservice", "Myservice", "myservice-client", "myservice-secret");
        casdoor.registerApplication("myservice", "ai-demo", DemoAiService.CLIENT_ID, DemoAiService.CLIENT_SECRET);
        casdoor.registerApplication("myservice", "ai-site", "ai-site", "ai-site-secret");
        tokens = casdoor.tokens();
        tokens.setOrigin("http://localhost:" + casdoor.baseUri().getPort());
        app = AppInstance.start(
                SharedApp.providers(),
                Map.of(
                        "myservice.auth-url",
                        "http://localhost:" + casdoor.baseUri().getPort(),
                        "myservice.casdoor.endpoint",
                        casdoor.baseUri().toString(),
                        "myservice.spend.tokens.cert-file",
                        tokens.certFile().toString(),
                        "myservice.spend.tokens.clients",
                        "ai-demo:read|charge|refund,ai-site:read"));
    }

    @AfterAll
    static void stop() {
        app.close();
        casdoor.close();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    @Test
    void aServiceHoldsCapturesRefundsAndReadsOverHttp() {
        UUID account = fundedAccount("100.00");
        String service = tokens.appAccessToken("ai-demo");
        String key = UUID.randomUUID().toString();
        String holdBody = "{\"account\":\"u-" + account + "\",\"amount\":\"30.00\",\"expiresIn\":300,"
                + "\"reference\":\"chat-42\",\"description\":\"Ответ модели\",\"metadata\":{\"model\":\"demo-1\"}}";

        Reply hold = call("POST", "/api/v1/holds", service, key, holdBody);
        Reply again = call("POST", "/api/v1/holds", service, key, holdBody);
        Reply balance = call("GET", "/api/v1/accounts/u-" + account + "/balance", service, null, null);

        assertThat(hold.status()).as(hold.raw().body()).isEqualTo(201);
        assertThat(hold.body().path("state").asString()).isEqualTo("active");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.body().path("id").asString())
                .isEqualTo(hold.body().path("id").asString());
        assertThat(balance.body().path("balance").asString()).isEqualTo("100.00");
        assertThat(balance.body().path("held").asString()).isEqualTo("30.00");
        assertThat(balance.body().path("available").asString()).isEqualTo("70.00");
        assertThat(balance.body().path("currency").asString()).isEqualTo("RUB");

        String holdId = hold.body().path("id").asString();
        Reply charge = call(
                "POST",
                "/api/v1/holds/" + holdId + "/capture",
                service,
                UUID.randomUUID().toString(),
                "{\"amount\":\"12.50\"}");
        assertThat(charge.status()).as(charge.raw().body()).isEqualTo(201);
        String chargeId = charge.body().path("id").asString();
        Reply refund = call(
                "POST",
                "/api/v1/charges/" + chargeId + "/refunds",
                service,
                UUID.randomUUID().toString(),
                "{\"amount\":\"2.50\",\"reason\":\"Ответ оборвался\"}");
        assertThat(refund.status()).isEqualTo(201);
        Reply tooMuch = call(
                "POST",
                "/api/v1/charges/" + chargeId + "/refunds",
                service,
                UUID.randomUUID().toString(),
                "{\"amount\":\"10.01\"}");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body().path("refundable").asString()).isEqualTo("10.00");

        assertThat(call("GET", "/api/v1/holds/" + holdId, service, null, null)
                        .body()
                        .path("state")
                        .asString())
                .isEqualTo("captured");
        assertThat(call("GET", "/api/v1/charges/" + chargeId, service, null, null)
                        .body()
                        .path("refunded")
                        .asString())
                .isEqualTo("2.50");
        Reply after = call("GET", "/api/v1/accounts/" + account + "/balance", service, null, null);
        assertThat(after.body().path("balance").asString()).isEqualTo("90.00");
        assertThat(after.body().path("held").asString()).isEqualTo("0.00");
    }

    @Test
    void errorsAreProblemsAPersonReadsOnlyTheirOwnAccountAndTheLedgerPages() {
        UUID account = fundedAccount("20.00");
        String service = tokens.appAccessToken("ai-demo");

        Reply noKey = call("POST", "/api/v1/charges", service, null, "{}");
        Reply poor = call(
                "POST",
                "/api/v1/charges",
                service,
                UUID.randomUUID().toString(),
                "{\"account\":\"" + account + "\",\"amount\":\"25.00\",\"reference\":\"r-" + UUID.randomUUID() + "\"}");
        Reply badAmount = call(
                "POST",
                "/api/v1/charges",
                service,
                UUID.randomUUID().toString(),
                "{\"account\":\"" + account + "\",\"amount\":\"1,5\",\"reference\":\"r-" + UUID.randomUUID() + "\"}");
        Reply nobody = call("GET", "/api/v1/accounts/" + UUID.randomUUID() + "/balance", service, null, null);

        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body().path("code").asString()).isEqualTo("idempotency_key_missing");
        assertThat(poor.status()).isEqualTo(402);
        assertThat(poor.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(poor.body().path("code").asString()).isEqualTo("insufficient_funds");
        assertThat(poor.body().path("available").asString()).isEqualTo("20.00");
        assertThat(poor.body().path("required").asString()).isEqualTo("25.00");
        assertThat(badAmount.status()).isEqualTo(400);
        assertThat(badAmount.body().path("code").asString()).isEqualTo("invalid_amount");
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(nobody.body().path("code").asString()).isEqualTo("account_not_found");

        for (int i = 0; i < 60; i++) {
            var ok = call(
                    "POST",
                    "/api/v1/charges",
                    service,
                    UUID.randomUUID().toString(),
                    "{\"account\":\"" + account + "\",\"amount\":\"0.10\",\"reference\":\"page-" + i + "-" + account
                            + "\",\"description\":\"Вопрос " + i + "\"}");
            assertThat(ok.status()).isEqualTo(201);
        }
        String person = tokens.userAccessToken("myservice", "u-" + account, "ai-site");
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = call(
                    "GET",
                    "/api/v1/accounts/u-" + account + "/transactions" + (cursor == null ? "" : "?cursor=" + cursor),
                    person,
                    null,
                    null);
            assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
            page.body().path("items").forEach(item -> seen.add(item.path("id").asString()));
            cursor = page.body().path("nextCursor").isNull()
                    ? null
                    : page.body().path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(61);
        Reply first = call("GET", "/api/v1/accounts/" + account + "/transactions", person, null, null);
        assertThat(first.body().path("items").get(0).path("type").asString()).isEqualTo("charge");
        assertThat(first.body().path("items").get(0).path("client").asString()).isEqualTo("ai-demo");
        assertThat(first.body().path("items").get(0).path("description").asString())
                .isEqualTo("Вопрос 59");

        UUID other = fundedAccount("5.00");
        assertThat(call("GET", "/api/v1/accounts/" + other + "/balance", person, null, null)
                        .status())
                .isEqualTo(404);
        assertThat(call(
                                "POST",
                                "/api/v1/charges",
                                person,
                                UUID.randomUUID().toString(),
                                "{\"account\":\"" + account + "\",\"amount\":\"1.00\",\"reference\":\"x\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theDemoServiceAsksTheModelAndThePersonSeesTheCharge() throws Exception {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);
        UUID account = accountOf(person);
        try (var demo = DemoAiService.start(0, casdoor.baseUri(), URI.create(app.url("/")))) {
            String refused = ask(demo, "u-" + account, "Сколько стоит вопрос?");
            assertThat(refused).contains("Недостаточно средств").contains("Пополнить баланс");

            app.bean(WalletService.class).credit(account, Money.of("10.00"), EntryKind.TOPUP, "t-" + UUID.randomUUID());
            String answered = ask(demo, "u-" + account, "Как начать?");

            assertThat(answered)
                    .contains("id=\"answer\"")
                    .contains("Списано 1,50 ₽")
                    .contains("Доступно: 8,50 ₽");
        }
        String dashboard = browser.open(app.url("/dashboard")).body();
        assertThat(dashboard).contains("8,50\u00a0₽").contains("ai-demo").contains("Вопрос: Как начать?");
    }

    private static String ask(DemoAiService demo, String account, String question) throws Exception {
        String form = "account=" + java.net.URLEncoder.encode(account, StandardCharsets.UTF_8) + "&question="
                + java.net.URLEncoder.encode(question, StandardCharsets.UTF_8);
        return HTTP.send(
                        HttpRequest.newBuilder(demo.baseUri().resolve("/ask"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static Reply call(String method, String path, String token, String key, String body) {
        var request = HttpRequest.newBuilder(URI.create(app.url(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(
                    response.statusCode(),
                    response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body()),
                    response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID fundedAccount(String amount) {
        Person person = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
        UUID account = accountOf(person);
        app.bean(WalletService.class).credit(account, Money.of(amount), EntryKind.TOPUP, "topup-" + UUID.randomUUID());
        return account;
    }

    private static UUID accountOf(Person person) {
        return app.bean(JdbcClient.class)
                .sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
    }
}
