package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** «Скачать все мои данные»: every table that holds anything of the person, their rows and no one else's. */
class PersonalDataExportIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Tables tied to an account that the export leaves out, and why: their contents are in it already
     * in readable form (a session's attributes are serialized Java objects; the sessions are listed).
     */
    private static final Set<String> NOT_EXPORTED = Set.of("sessions_attributes");

    static FakeYooKassa yookassa;
    static AppInstance app;
    static JdbcClient db;

    @BeforeAll
    static void start() {
        yookassa = FakeYooKassa.start(0);
        yookassa.registerShop("export-shop", "export_secret");
        Map<String, String> settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.topup.shop-id", "export-shop");
        settings.put("myservice.topup.secret-key", "export_secret");
        settings.put("myservice.topup.api-url", yookassa.apiUri().toString());
        settings.put("myservice.topup.widget-url", yookassa.widgetScriptUri().toString());
        settings.put("myservice.topup.webhook-addresses", "127.0.0.1/32");
        settings.put("myservice.trusted-proxies", "127.0.0.3/32");
        app = AppInstance.start(SharedApp.providers(), settings);
        yookassa.setWebhookUrl(URI.create(app.url("/api/payment/webhook")));
        db = app.bean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        app.close();
        yookassa.close();
    }

    @Test
    void everyTableThatReachesAnAccountIsInTheExport() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());

        JsonNode tables = export(browser).path("tables");

        Set<String> exported = new HashSet<>();
        tables.propertyNames().forEach(exported::add);
        assertThat(exported).containsAll(tablesReachingAccounts()).contains("sessions");
    }

    @Test
    void theExportHoldsThePersonsRowsOfEachTableAndNothingSecret() throws Exception {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        UUID account = db.sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
        var started = browser.json("POST", app.url("/api/topups"), "{\"amount\":\"150\"}", TestBrowser.csrf(dashboard));
        assertThat(started.statusCode()).isEqualTo(200);
        String remote = yookassa.payments().getLast().path("id").asString();
        yookassa.pay(remote);
        Eventually.within(java.time.Duration.ofSeconds(20), "the top-up credited", () -> rows("""
                        select count(*) from ledger_entries e join wallets w on w.id = e.wallet_id
                        where w.account_id = :a""", account) == 1);
        ProviderFlow.signIn(new TestBrowser(), app, "vk", Person.fresh());

        var response = browser.get(app.url("/account/export"));
        JsonNode tables = JSON.readTree(response.body()).path("tables");

        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .endsWith(".json\"");
        assertThat(tables.path("accounts").get(0).path("id").asString()).isEqualTo(account.toString());
        Map<String, Integer> expected = Map.of(
                "accounts", rows("select count(*) from accounts where id = :a", account),
                "identities", rows("select count(*) from identities where account_id = :a", account),
                "wallets", rows("select count(*) from wallets where account_id = :a", account),
                "ledger_entries", 1,
                "payments", rows("select count(*) from payments where user_id = :a", account),
                "account_activity", rows("select count(*) from account_activity where account_id = :a", account),
                "sessions", rows("select count(*) from sessions where principal_name = cast(:a as text)", account));
        expected.forEach((table, count) ->
                assertThat(tables.path(table).size()).as(table).isEqualTo(count));
        assertThat(tables.path("payments").get(0).path("amount").decimalValue()).isEqualByComparingTo("150");
        assertThat(response.body())
                .as("amounts exactly as kept, in kopecks, never as a floating-point number")
                .contains("\"amount\" : 150.00")
                .doesNotContain("150.0,");
        String text = response.body();
        assertThat(text)
                .as("no widget token, no session id")
                .doesNotContain("confirmation_token")
                .doesNotContain("session_id")
                .doesNotContain(browser.cookie("SESSION").orElseThrow().getValue());
    }

    @Test
    void aPaidTopUpShowsItsCardMaskAndNumberAndTheHistoryDownloadsAsCsv() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "google", person);
        var started =
                browser.json("POST", app.url("/api/topups"), "{\"amount\":\"1234.5\"}", TestBrowser.csrf(dashboard));
        String ours = JSON.readTree(started.body()).path("paymentId").asString();
        String remote = yookassa.payments().getLast().path("id").asString();
        yookassa.pay(remote);
        Eventually.within(
                java.time.Duration.ofSeconds(20),
                "the top-up credited",
                () -> browser.get(app.url("/dashboard")).body().contains("1\u00a0234,50\u00a0₽</p>"));

        String history = browser.get(app.url("/dashboard/history")).body();
        assertThat(history)
                .contains("Карта MasterCard •••• 4444")
                .contains("№ " + ours.substring(0, 8).toUpperCase())
                .doesNotContain("555555");

        var csv = browser.get(app.url("/dashboard/history.csv"));
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment");
        var lines = csv.body().split("\r\n");
        assertThat(lines[0])
                .startsWith("\uFEFFДата и время (Москва);Операция;Сумма, ₽;Статус;Способ оплаты;Номер платежа");
        assertThat(lines).hasSize(2);
        assertThat(lines[1].split(";", -1))
                .containsSubsequence("Пополнение", "1234,50")
                .contains("Карта MasterCard •••• 4444", ours);
        var english = new TestBrowser().english();
        ProviderFlow.signIn(english, app, "google", person);
        assertThat(english.get(app.url("/dashboard/history.csv")).body())
                .contains("Top-up;1234.50;")
                .contains("MasterCard card •••• 4444");
    }

    @Test
    void theExportNeedsASignedInPerson() {
        var anonymous = new TestBrowser();

        assertThat(TestBrowser.location(anonymous.get(app.url("/account/export")))
                        .getPath())
                .isEqualTo("/signin");
    }

    private JsonNode export(TestBrowser browser) {
        var response = browser.get(app.url("/account/export"));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int rows(String sql, UUID account) {
        return db.sql(sql).param("a", account).query(Integer.class).single();
    }

    /** Every table with a foreign-key path to accounts, in our schema (and accounts itself). */
    private static Set<String> tablesReachingAccounts() {
        var found = db.sql("""
                        with recursive reaching(table_oid) as (
                            select 'accounts'::regclass::oid
                            union
                            select c.conrelid from pg_constraint c join reaching r on c.confrelid = r.table_oid
                            where c.contype = 'f'
                        )
                        select relname from pg_class where oid in (select table_oid from reaching)
                        """).query(String.class).list();
        Set<String> tables = new HashSet<>(found);
        tables.removeAll(NOT_EXPORTED);
        assertThat(tables).contains("identities", "ledger_entries", "payments", "charges", "charge_refunds");
        return tables;
    }
}
