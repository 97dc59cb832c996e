package ru.myservice.spend;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.spend.SpendCaller.Right;
import ru.myservice.spend.SpendViews.ChargeRequest;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/** Casdoor follows the balance the services spend, without one write per charge. */
class SpendingMirrorIntegrationTest {

    private static final SpendCaller SERVICE = new SpendCaller("ai-chat", Set.of(Right.CHARGE), null);

    @Test
    void twoHundredChargesInARowReachCasdoorAsAHandfulOfWrites() {
        try (var casdoor = FakeCasdoor.start(0)) {
            casdoor.registerApplication("myservice", "Myservice", "casdoor-client", "casdoor-secret");
            Map<String, String> settings = new HashMap<>();
            settings.put("myservice.casdoor.endpoint", casdoor.baseUri().toString());
            settings.put("myservice.casdoor.client-id", "casdoor-client");
            settings.put("myservice.casdoor.client-secret", "casdoor-secret");
            settings.put("myservice.casdoor.sync.poll-interval", "2s");
            try (var app = AppInstance.start(SharedApp.providers(), settings)) {
                Person person = Person.fresh();
                ProviderFlow.signIn(new TestBrowser(), app, "yandex", person);
                UUID account = app.bean(JdbcClient.class)
                        .sql("select account_id from identities where provider = 'yandex' and subject = :s")
                        .param("s", person.subject())
                        .query(UUID.class)
                        .single();
                String name = "u-" + account;
                app.bean(WalletService.class)
                        .credit(account, Money.of("100.00"), EntryKind.TOPUP, "topup-" + UUID.randomUUID());
                Eventually.within(
                        Duration.ofSeconds(20), "the top-up mirrored", () -> balanceIs(casdoor, name, "100.00"));
                long before = writesOf(casdoor, name);

                for (int i = 0; i < 200; i++) {
                    var request = new ChargeRequest(
                            account.toString(), "0.25", "msg-" + i + "-" + UUID.randomUUID(), null, null);
                    var reply = app.bean(Idempotency.class)
                            .run(
                                    SERVICE,
                                    UUID.randomUUID().toString(),
                                    "POST",
                                    "/api/v1/charges",
                                    new byte[] {(byte) i},
                                    Locale.ROOT,
                                    () -> app.bean(SpendService.class).charge(SERVICE, request, Locale.ROOT));
                    assertThat(reply.status()).isEqualTo(201);
                }

                Eventually.within(
                        Duration.ofSeconds(20), "the spending mirrored", () -> balanceIs(casdoor, name, "50.00"));
                assertThat(writesOf(casdoor, name) - before)
                        .as("Casdoor writes for 200 charges")
                        .isLessThan(20);
            }
        }
    }

    private static boolean balanceIs(FakeCasdoor casdoor, String name, String amount) {
        return casdoor.user("myservice", name)
                .map(u -> u.path("balance").decimalValue().compareTo(new BigDecimal(amount)) == 0)
                .orElse(false);
    }

    private static long writesOf(FakeCasdoor casdoor, String name) {
        return casdoor.calls().stream()
                .filter(c -> c.method().equals("POST") && c.path().endsWith("/api/update-user"))
                .filter(c -> c.body().contains("\"" + name + "\""))
                .count();
    }
}
