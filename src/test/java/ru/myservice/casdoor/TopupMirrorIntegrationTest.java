package ru.myservice.casdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeYooKassa;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** The whole path: a paid top-up reaches the person's balance and, in the background, Casdoor's. */
class TopupMirrorIntegrationTest {

    @Test
    void aPaidTopUpShowsUpAsTheCasdoorBalance() {
        try (var casdoor = FakeCasdoor.start(0);
                var yookassa = FakeYooKassa.start(0)) {
            casdoor.registerApplication(
                    CasdoorSyncIntegrationTest.ORG,
                    "Myservice",
                    CasdoorSyncIntegrationTest.CLIENT,
                    CasdoorSyncIntegrationTest.SECRET);
            yookassa.registerShop("shop", "test_key");
            var settings = new HashMap<>(CasdoorSyncIntegrationTest.casdoorSettings(casdoor));
            settings.put("myservice.topup.shop-id", "shop");
            settings.put("myservice.topup.secret-key", "test_key");
            settings.put("myservice.topup.api-url", yookassa.apiUri().toString());
            settings.put("myservice.topup.webhook-addresses", "127.0.0.1/32");
            try (var app = AppInstance.start(SharedApp.providers(), settings)) {
                yookassa.setWebhookUrl(java.net.URI.create(app.url("/api/payment/webhook")));
                var browser = new TestBrowser();
                Person person = Person.fresh();
                var dashboard = ProviderFlow.signIn(browser, app, "yandex", person);
                String csrf = TestBrowser.csrf(dashboard);
                var started = browser.json("POST", app.url("/api/topups"), "{\"amount\":\"1234,56\"}", csrf);
                assertThat(started.statusCode()).isEqualTo(200);
                String remote = yookassa.payments().getLast().path("id").asString();

                yookassa.pay(remote);

                String name = "u-"
                        + app.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                                .sql(
                                        "select account_id::text from identities where provider = 'yandex' and subject = :s")
                                .param("s", person.subject())
                                .query(String.class)
                                .single();
                Eventually.within(
                        Duration.ofSeconds(20),
                        "Casdoor balance 1234.56",
                        () -> casdoor.user(CasdoorSyncIntegrationTest.ORG, name)
                                .map(u -> u.path("balance").decimalValue().compareTo(new BigDecimal("1234.56")) == 0
                                        && "RUB"
                                                .equals(u.path("balanceCurrency")
                                                        .asString()))
                                .orElse(false));
            }
        }
    }
}
