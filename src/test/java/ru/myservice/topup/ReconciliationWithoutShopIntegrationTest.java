package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/**
 * Without a YooKassa shop the reconciliation has nothing to ask and leaves payments alone. The bean is
 * there either way (the image's beans are fixed at build time); the check is made at each pass.
 */
class ReconciliationWithoutShopIntegrationTest {

    @Test
    void anOldUnsettledPaymentIsLeftAsItWasWhileNoShopIsConfigured() throws InterruptedException {
        try (var app = AppInstance.start(
                SharedApp.providers(),
                Map.of(
                        "myservice.topup.shop-id", "",
                        "myservice.topup.secret-key", "",
                        "myservice.topup.reconcile-after", "1s",
                        "myservice.topup.reconcile-interval", "200ms"))) {
            var person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "google", person);
            var db = app.bean(JdbcClient.class);
            UUID account = db.sql("select account_id from identities where provider = 'google' and subject = :s")
                    .param("s", person.subject())
                    .query(UUID.class)
                    .single();
            // A top-up whose creation never reached YooKassa, an hour old: a pass with a shop marks it
            // failed at once (ReconciliationIntegrationTest's fixture has one).
            UUID payment = UUID.randomUUID();
            db.sql("""
                            insert into payments (id, user_id, amount, status, idempotence_key, description, updated_at)
                            values (:id, :account, 10.00, 'new', :key, 'Пополнение баланса', now() - interval '1 hour')
                            """)
                    .param("id", payment)
                    .param("account", account)
                    .param("key", UUID.randomUUID().toString())
                    .update();

            // The first pass is due 5 s after the start, then every 200 ms.
            Thread.sleep(7_000);

            assertThat(db.sql("select status from payments where id = :id")
                            .param("id", payment)
                            .query(String.class)
                            .single())
                    .isEqualTo("new");
        }
    }
}
