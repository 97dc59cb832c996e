package ru.myservice.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** Paging through every account visits each exactly once, as a re-mirror of all accounts relies on. */
class AccountIdsIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);

    @Test
    void smallPagesVisitEveryAccountOnceInOrder() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
            created.add(db.sql("select account_id from identities where provider = 'vk' and subject = :s")
                    .param("s", person.subject())
                    .query(UUID.class)
                    .single());
        }
        List<UUID> all =
                db.sql("select id from accounts order by id").query(UUID.class).list();
        var accounts = app.bean(AccountService.class);

        List<UUID> visited = new ArrayList<>();
        List<UUID> page = accounts.accountIds(null, 2);
        // Bounded, so paging that never ends fails here instead of hanging the build.
        while (!page.isEmpty() && visited.size() <= all.size()) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            visited.addAll(page);
            page = accounts.accountIds(page.getLast(), 2);
        }

        assertThat(visited).containsExactlyElementsOf(all).containsAll(created);
    }
}
