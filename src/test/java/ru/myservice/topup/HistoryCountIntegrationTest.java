package ru.myservice.topup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/**
 * The history's «page 1 of N» comes from a count the database keeps as payments are written: it
 * follows every payment that is listed, settled, moved or removed, and never one still being created.
 */
class HistoryCountIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);
    private final TopupService topups = app.bean(TopupService.class);

    private UUID newAccount() {
        Person person = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
        return db.sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
    }

    private UUID pay(UUID account, String status) {
        UUID id = UUID.randomUUID();
        db.sql("""
                        insert into payments (id, user_id, amount, status, idempotence_key, description)
                        values (:id, :user, 100.00, :status, :key, 'Пополнение баланса')
                        """)
                .param("id", id)
                .param("user", account)
                .param("status", status)
                .param("key", UUID.randomUUID().toString())
                .update();
        return id;
    }

    private int listed(UUID account) {
        return db.sql("select count(*) from payments where user_id = :user and status <> 'new'")
                .param("user", account)
                .query(Integer.class)
                .single();
    }

    @Test
    void thePageCountFollowsPaymentsAsTheyAreListedSettledAndRemoved() {
        UUID account = newAccount();
        UUID other = newAccount();
        assertThat(topups.history(account, 1).pages()).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            pay(account, i % 2 == 0 ? "succeeded" : "pending");
        }
        UUID beingCreated = pay(account, "new");
        assertThat(topups.history(account, 1).pages()).isEqualTo(2);
        assertThat(topups.history(account, 2).lines()).hasSize(10);

        // A payment YooKassa has accepted is listed: the 21st starts a third page.
        db.sql("update payments set status = 'pending' where id = :id")
                .param("id", beingCreated)
                .update();
        assertThat(topups.history(account, 1).pages()).isEqualTo(3);
        // Settling changes no count.
        db.sql("update payments set status = 'succeeded' where user_id = :user and status = 'pending'")
                .param("user", account)
                .update();
        assertThat(topups.history(account, 1).pages()).isEqualTo(3);

        // Moved to another person, then removed: each count follows.
        db.sql("update payments set user_id = :other where id = :id")
                .param("other", other)
                .param("id", beingCreated)
                .update();
        assertThat(topups.history(account, 1).pages()).isEqualTo(2);
        assertThat(topups.history(other, 1).lines()).hasSize(1);
        db.sql("delete from payments where id = :id").param("id", beingCreated).update();
        assertThat(topups.history(other, 1).lines()).isEmpty();
        assertThat(topups.history(other, 1).pages()).isEqualTo(1);

        // A page past the end shows the last page, by the same count.
        var past = topups.history(account, 7);
        assertThat(past.page()).isEqualTo(2);
        assertThat(past.lines()).hasSize(10);
        assertThat(listed(account)).isEqualTo(20);
        assertThat(db.sql("select listed from payment_history_counts where user_id = :user")
                        .param("user", account)
                        .query(Integer.class)
                        .single())
                .isEqualTo(listed(account));
    }
}
