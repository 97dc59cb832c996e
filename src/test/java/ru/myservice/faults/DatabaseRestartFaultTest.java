package ru.myservice.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL goes away while payments are being paid and notified, then comes back: the app recovers
 * by itself, and every payment is credited exactly once (YooKassa redelivers, reconciliation asks).
 */
class DatabaseRestartFaultTest {

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    @Test
    void paymentsPaidWhileTheDatabaseIsDownAreCreditedOnceItIsBack() throws Exception {
        Path data = Files.createTempDirectory("pg-restart");
        int port = AppInstance.freePort();
        var postgres = start(data, port);
        try (var yookassa = FakeYooKassa.start(0)) {
            yookassa.registerShop("shop", "test_key");
            yookassa.setWebhookRetry(Duration.ofMillis(300), 100);
            Map<String, String> settings = new HashMap<>();
            settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
            settings.put("spring.datasource.hikari.connection-timeout", "1000");
            settings.put("myservice.topup.shop-id", "shop");
            settings.put("myservice.topup.secret-key", "test_key");
            settings.put("myservice.topup.api-url", yookassa.apiUri().toString());
            settings.put("myservice.topup.webhook-addresses", "127.0.0.1/32");
            settings.put("myservice.topup.reconcile-after", "1s");
            settings.put("myservice.topup.reconcile-interval", "300ms");
            try (var app = AppInstance.start(SharedApp.providers(), settings)) {
                yookassa.setWebhookUrl(URI.create(app.url("/api/payment/webhook")));
                var browser = new TestBrowser();
                Person person = Person.fresh();
                var dashboard = ProviderFlow.signIn(browser, app, "google", person);
                String csrf = TestBrowser.csrf(dashboard);
                List<String> remotes = new ArrayList<>();
                // Twenty different amounts (100 … 119 ₽, 2,190 ₽ in all): the same amount would re-use one payment.
                for (int i = 0; i < 20; i++) {
                    var started =
                            browser.json("POST", app.url("/api/topups"), "{\"amount\":\"" + (100 + i) + "\"}", csrf);
                    assertThat(started.statusCode()).isEqualTo(200);
                    String ours = JsonMapper.builder()
                            .build()
                            .readTree(started.body())
                            .path("paymentId")
                            .asString();
                    remotes.add(yookassa.payments().stream()
                            .filter(p -> ours.equals(
                                    p.path("metadata").path("payment_id").asString()))
                            .findFirst()
                            .orElseThrow()
                            .path("id")
                            .asString());
                }
                for (String remote : remotes.subList(0, 10)) {
                    yookassa.pay(remote);
                }

                UUID account = app.bean(JdbcClient.class)
                        .sql("select account_id from identities where provider = 'google' and subject = :s")
                        .param("s", person.subject())
                        .query(UUID.class)
                        .single();

                postgres.close();
                List<String> paidWhileDown = remotes.subList(10, 20);
                for (String remote : paidWhileDown) {
                    yookassa.pay(remote);
                }
                Eventually.within(
                        Duration.ofSeconds(30),
                        "a notification of every payment paid while the database is down, refused",
                        () -> paidWhileDown.stream()
                                .allMatch(remote -> yookassa.deliveries().stream()
                                        .anyMatch(d -> d.objectId().equals(remote) && !d.acknowledged())));
                postgres = start(data, port);

                var wallets = app.bean(WalletService.class);
                Eventually.within(Duration.ofSeconds(60), "all 20 payments credited", () -> {
                    try {
                        return wallets.balance(account).equals(Money.of("2190"));
                    } catch (RuntimeException stillRecovering) {
                        return false;
                    }
                });
                assertThat(wallets.ledgerSum(account)).isEqualTo(Money.of("2190"));
                assertThat(app.bean(JdbcClient.class)
                                .sql("select count(*) from ledger_entries where kind = 'topup' and reference in (:r)")
                                .param("r", remotes)
                                .query(Integer.class)
                                .single())
                        .isEqualTo(20);
                assertThat(browser.open(app.url("/dashboard")).body()).contains("2\u00a0190,00\u00a0₽");
            }
        } finally {
            postgres.close();
        }
    }
}
