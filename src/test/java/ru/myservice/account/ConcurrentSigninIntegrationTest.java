package ru.myservice.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** The same person signing in for the first time from several tabs at once gets one account. */
class ConcurrentSigninIntegrationTest {

    private static final int TABS = 8;

    private final AppInstance app = SharedApp.app();
    private final JdbcClient db = app.bean(JdbcClient.class);

    @Test
    void parallelFirstSignInsOfOneIdentityCreateExactlyOneAccount() throws Exception {
        Person person = Person.fresh();
        List<TestBrowser> tabs = new ArrayList<>();
        List<URI> callbacks = new ArrayList<>();
        for (int i = 0; i < TABS; i++) {
            var browser = new TestBrowser();
            tabs.add(browser);
            callbacks.add(ProviderFlow.consent(browser, ProviderFlow.start(browser, app, "google"), person, true));
        }

        var go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(TABS)) {
            for (int i = 0; i < TABS; i++) {
                var browser = tabs.get(i);
                var callback = callbacks.get(i);
                results.add(pool.submit(() -> {
                    go.await();
                    return browser.open(callback.toString());
                }));
            }
            go.countDown();
            for (var result : results) {
                assertThat(result.get().uri().getPath()).isEqualTo("/dashboard");
            }
        }

        assertThat(count("select count(*) from identities where provider = 'google' and subject = :s", person))
                .isEqualTo(1);
        assertThat(count("select count(*) from accounts where email = :e", person))
                .isEqualTo(1);
        assertThat(count("select count(*) from wallets where email = :e", person))
                .isEqualTo(1);
    }

    private int count(String sql, Person person) {
        var spec = db.sql(sql);
        if (sql.contains(":s")) {
            spec = spec.param("s", person.subject());
        }
        if (sql.contains(":e")) {
            spec = spec.param("e", person.email());
        }
        return spec.query(Integer.class).single();
    }
}
