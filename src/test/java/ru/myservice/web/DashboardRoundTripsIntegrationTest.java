package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.DatabaseActivity;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.StatementLog;
import ru.myservice.testing.TestBrowser;

/**
 * What a dashboard view costs the database, counted by PostgreSQL itself (transactions, row writes)
 * and by a wrapper around the app's data source (statements). Counts, not timings: they do not
 * depend on the machine.
 */
class DashboardRoundTripsIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(DashboardRoundTripsIntegrationTest.class);

    private static final int VIEWS = 50;

    private static DatabaseActivity database;
    private static StatementLog statements;
    private static AppInstance app;

    @BeforeAll
    static void start() {
        database = DatabaseActivity.freshDatabase();
        statements = new StatementLog();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", database.jdbcUrl());
        // Background work stays out of the counts; only the pages' own queries are measured.
        settings.put("myservice.casdoor.sync.poll-interval", "1h");
        settings.put("myservice.topup.reconcile-interval", "1h");
        settings.put("myservice.spending.sweep-interval", "1h");
        settings.put("spring.session.jdbc.cleanup-cron", "-");
        // Connections open only when asked for, so closing them to read the counts leaves none opening behind.
        settings.put("spring.datasource.hikari.minimum-idle", "0");
        app = AppInstance.start(SharedApp.providers(), settings, statements::attachTo);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aDashboardViewIsOneTransactionOfTwoStatementsAndWritesNothing() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);
        for (int i = 0; i < 5; i++) {
            assertThat(browser.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
        }

        // The session was last written at sign-in; as of now, every view below uses it within a minute.
        app.bean(JdbcClient.class)
                .sql("""
                        update sessions set expiry_time = expiry_time + (:now - last_access_time), last_access_time = :now
                        """)
                .param("now", System.currentTimeMillis())
                .update();
        List<String> sent;
        DatabaseActivity.Counts spent;
        try (var quiet = database.autovacuumPaused()) {
            database.vacuumAnalyze();
            var before = database.settle(statements.target());
            statements.clear();
            for (int i = 0; i < VIEWS; i++) {
                var page = browser.get(app.url("/dashboard"));
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains(person.fullName());
            }
            sent = statements.statements();
            spent = database.settle(statements.target()).minus(before);
        }

        log.info(
                "Per dashboard view: {} transactions, {} statements, {} rows updated, {} inserted, {} deleted",
                perView(spent.transactions()),
                perView(sent.size()),
                perView(spent.rowsUpdated()),
                perView(spent.rowsInserted()),
                perView(spent.rowsDeleted()));
        log.info(
                "Statements over {} views:\n{}",
                VIEWS,
                sent.stream()
                        .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()))
                        .entrySet()
                        .stream()
                        .map(e -> e.getValue() + " × " + e.getKey())
                        .collect(Collectors.joining("\n")));

        // The pool opens a connection for the first view after the counters were read: three
        // transactions of its own (schema, checks) that are not the page's.
        assertThat(spent.transactions()).isLessThanOrEqualTo(VIEWS + 3);
        // The session, then all the page shows (account, wallet, charges, history, open payments) at once.
        assertThat(sent).hasSizeLessThanOrEqualTo(2 * VIEWS);
        assertThat(sent.stream().filter(sql -> sql.contains("FROM sessions S")))
                .as("the session is read once per view")
                .hasSize(VIEWS);
        assertThat(spent.rowsUpdated()).as("rows updated").isZero();
        assertThat(spent.rowsInserted()).as("rows inserted").isZero();
        assertThat(spent.rowsDeleted()).as("rows deleted").isZero();
    }

    @Test
    void theFilesEveryPageLoadsCostASignedInPersonNoDatabaseWorkAndCarryThePagesHeaders() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", Person.fresh());
        String session = browser.cookie("SESSION").orElseThrow().getValue();
        statements.clear();
        for (String file : List.of("/css/app.css", "/js/topup.js", "/img/favicon.svg")) {
            var response = browser.get(app.url(file));
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(file)
                    .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));
            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(file)
                    .hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options"))
                    .as(file)
                    .hasValue("DENY");
            assertThat(response.headers().allValues("Set-Cookie")).as(file).isEmpty();
        }
        assertThat(statements.statements()).as("statements for the files").isEmpty();
        assertThat(browser.post(app.url("/css/app.css"), Map.of()).statusCode())
                .as("a file is only read")
                .isIn(403, 405);
        // The session the files never read is still the one the dashboard uses.
        assertThat(browser.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
        assertThat(browser.cookie("SESSION").orElseThrow().getValue()).isEqualTo(session);
    }

    private static String perView(long total) {
        return String.format("%.2f", (double) total / VIEWS);
    }
}
