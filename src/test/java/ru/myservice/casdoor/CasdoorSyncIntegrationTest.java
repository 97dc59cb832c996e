package ru.myservice.casdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.account.ProviderProfile;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestDatabase;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;
import tools.jackson.databind.node.ObjectNode;

/** Accounts and balances reach Casdoor in the background, whatever Casdoor does. */
class CasdoorSyncIntegrationTest {

    static final String ORG = "myservice";
    static final String CLIENT = "casdoor-test-client";
    static final String SECRET = "casdoor-test-secret";
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private FakeCasdoor casdoor;

    @BeforeEach
    void startCasdoor() {
        casdoor = FakeCasdoor.start(0);
        casdoor.registerApplication(ORG, "Myservice", CLIENT, SECRET);
    }

    @AfterEach
    void stopCasdoor() {
        casdoor.close();
    }

    static Map<String, String> casdoorSettings(FakeCasdoor casdoor) {
        Map<String, String> settings = new HashMap<>();
        settings.put("myservice.casdoor.endpoint", casdoor.baseUri().toString());
        settings.put("myservice.casdoor.client-id", CLIENT);
        settings.put("myservice.casdoor.client-secret", SECRET);
        settings.put("myservice.casdoor.organization", ORG);
        settings.put("myservice.casdoor.read-timeout", "2s");
        settings.put("myservice.casdoor.sync.poll-interval", "100ms");
        settings.put("myservice.casdoor.sync.first-retry", "200ms");
        settings.put("myservice.casdoor.sync.max-retry", "1s");
        settings.put("myservice.casdoor.sync.max-attempts", "50");
        return settings;
    }

    private AppInstance startApp() {
        return startApp(casdoorSettings(casdoor));
    }

    private static AppInstance startApp(Map<String, String> settings) {
        return AppInstance.start(SharedApp.providers(), settings);
    }

    @Test
    void aNewAccountAppearsInCasdoorWithItsProviderIdsAndBalance() {
        try (var app = startApp()) {
            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
            UUID account = accountOf(app, "vk", person.subject());

            ObjectNode user = awaitUser(account);

            assertThat(user.path("displayName").asString()).isEqualTo(person.fullName());
            assertThat(user.path("email").asString()).isEqualTo(person.email());
            assertThat(user.path("vk").asString()).isEqualTo(person.subject());
            assertThat(user.path("properties").path("oauth_VK_id").asString()).isEqualTo(person.subject());
            assertThat(user.path("signupApplication").asString()).isEqualTo("Myservice");
            assertThat(user.path("balance").decimalValue()).isEqualByComparingTo("0");
            assertThat(user.path("balanceCurrency").asString()).isEqualTo("RUB");
            Eventually.within(
                    PATIENCE,
                    "wallet remembers its Casdoor user",
                    () -> ORG.concat("/u-" + account)
                            .equals(app.bean(JdbcClient.class)
                                    .sql("select casdoor_id from wallets where account_id = :a")
                                    .param("a", account)
                                    .query(String.class)
                                    .optional()
                                    .orElse("")));
        }
    }

    @Test
    void aNameThePersonChoseReachesTheirCasdoorUser() {
        try (var app = startApp()) {
            var browser = new TestBrowser();
            Person person = Person.fresh();
            ProviderFlow.signIn(browser, app, "vk", person);
            UUID account = accountOf(app, "vk", person.subject());
            awaitUser(account);

            String form = browser.get(app.url("/profile")).body();
            browser.post(app.url("/profile/name"), Map.of("_csrf", TestBrowser.csrf(form), "name", "Пётр Первый"));

            Eventually.within(
                    PATIENCE,
                    "the new name in Casdoor",
                    () -> "Пётр Первый"
                            .equals(user(account)
                                    .orElseThrow()
                                    .path("displayName")
                                    .asString()));
        }
    }

    @Test
    void theMainEmailAndPictureThePersonChoseReachTheirCasdoorUser() {
        try (var app = startApp()) {
            var browser = new TestBrowser();
            Person person = Person.fresh();
            ProviderFlow.signIn(browser, app, "google", person);
            UUID account = accountOf(app, "google", person.subject());
            String added = "added-" + UUID.randomUUID() + "@example.ru";
            app.bean(AccountService.class)
                    .link(account, new ProviderProfile(Provider.EMAIL, added, added, true, "added", null));
            Eventually.within(
                    PATIENCE,
                    "Google's picture in Casdoor",
                    () -> user(account)
                            .map(u -> u.path("avatar").asString().endsWith("/google/avatar.svg"))
                            .orElse(false));

            String form = browser.get(app.url("/profile")).body();
            browser.post(app.url("/profile/email"), Map.of("_csrf", TestBrowser.csrf(form), "email", added));
            browser.post(app.url("/profile/avatar"), Map.of("_csrf", TestBrowser.csrf(form), "avatar", "none"));

            Eventually.within(PATIENCE, "the chosen address and no picture in Casdoor", () -> {
                ObjectNode user = user(account).orElseThrow();
                return added.equals(user.path("email").asString())
                        && user.path("emailVerified").asBoolean()
                        && user.path("avatar").asString().isEmpty();
            });
        }
    }

    @Test
    void anAccountItsOwnerDeletedIsRemovedFromCasdoor() {
        try (var app = startApp()) {
            var browser = new TestBrowser();
            Person person = Person.fresh();
            ProviderFlow.signIn(browser, app, "vk", person);
            UUID account = accountOf(app, "vk", person.subject());
            awaitUser(account);

            var page = browser.get(app.url("/account/delete"));
            browser.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(page)));

            Eventually.within(
                    PATIENCE, "the Casdoor user removed", () -> user(account).isEmpty());
        }
    }

    @Test
    void aLinkedProviderIsAddedToTheSameCasdoorUserAndAnUnchangedSignInWritesNothing() {
        try (var app = startApp()) {
            var browser = new TestBrowser();
            Person person = Person.fresh();
            ProviderFlow.signIn(browser, app, "google", person);
            UUID account = accountOf(app, "google", person.subject());
            awaitUser(account);
            Eventually.within(PATIENCE, "no job left", () -> pendingJobs(app, account) == 0);
            casdoor.clearCalls();

            ProviderFlow.signIn(new TestBrowser(), app, "google", person);
            Eventually.within(PATIENCE, "no job left", () -> pendingJobs(app, account) == 0);
            assertThat(casdoor.calls())
                    .noneMatch(c -> c.path().endsWith("update-user") || c.path().endsWith("add-user"));

            var dashboard = browser.open(app.url("/dashboard"));
            Person yandexSide = Person.fresh();
            var start = browser.post(app.url("/link/yandex"), Map.of("_csrf", TestBrowser.csrf(dashboard)));
            var authorize =
                    TestBrowser.location(browser.get(TestBrowser.location(start).toString()));
            browser.open(
                    ProviderFlow.consent(browser, authorize, yandexSide, true).toString());

            Eventually.within(
                    PATIENCE,
                    "yandex id mirrored",
                    () -> user(account)
                            .map(u ->
                                    yandexSide.subject().equals(u.path("yandex").asString()))
                            .orElse(false));
            assertThat(user(account).orElseThrow().path("google").asString()).isEqualTo(person.subject());
            assertThat(casdoor.users(ORG))
                    .filteredOn(u -> u.path("name").asString().equals("u-" + account))
                    .hasSize(1);
        }
    }

    @Test
    void aBalanceChangeIsMirroredAndABurstCostsFewCalls() {
        try (var app = startApp()) {
            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
            UUID account = accountOf(app, "vk", person.subject());
            awaitUser(account);

            for (String amount : new String[] {"10.00", "55.50", "150.50"}) {
                changeBalance(app, account, amount);
            }

            Eventually.within(
                    PATIENCE,
                    "balance 150.50 in Casdoor",
                    () -> user(account)
                            .map(u -> u.path("balance").decimalValue().compareTo(new BigDecimal("150.50")) == 0)
                            .orElse(false));
        }
    }

    @Test
    void whereBalanceIsImmutableTheScoreCarriesWholeRoubles() {
        casdoor.setMode(FakeCasdoor.Mode.IMMUTABLE_BALANCE);
        try (var app = startApp()) {
            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "vk", person);
            UUID account = accountOf(app, "vk", person.subject());
            awaitUser(account);

            changeBalance(app, account, "150.99");

            Eventually.within(
                    PATIENCE,
                    "score 150",
                    () -> user(account)
                            .map(u -> u.path("score").asLong() == 150)
                            .orElse(false));
        }
    }

    @Test
    void anOldCasdoorWithoutBalanceGetsTheScore() {
        casdoor.setMode(FakeCasdoor.Mode.OLD_NO_BALANCE);
        try (var app = startApp()) {
            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "yandex", person);
            UUID account = accountOf(app, "yandex", person.subject());
            awaitUser(account);

            changeBalance(app, account, "42.10");

            Eventually.within(
                    PATIENCE,
                    "score 42",
                    () -> user(account).map(u -> u.path("score").asLong() == 42).orElse(false));
            assertThat(user(account).orElseThrow().has("balance")).isFalse();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anOutageIsInvisibleToPeopleAndEverythingCatchesUpOnceAfterwards(CapturedOutput log) {
        casdoor.setDown(true);
        try (var app = startApp()) {
            Person[] people = {Person.fresh(), Person.fresh(), Person.fresh()};
            UUID[] accounts = new UUID[people.length];
            for (int i = 0; i < people.length; i++) {
                var page = ProviderFlow.signIn(new TestBrowser(), app, "vk", people[i]);
                assertThat(page.uri().getPath()).isEqualTo("/dashboard");
                accounts[i] = accountOf(app, "vk", people[i].subject());
            }
            Eventually.within(PATIENCE, "retries under way", () -> failedAttempts(app, accounts[0]) >= 2);

            casdoor.setDown(false);

            for (UUID account : accounts) {
                awaitUser(account);
                Eventually.within(PATIENCE, "job done", () -> pendingJobs(app, account) == 0);
                assertThat(addCalls(account)).isEqualTo(1);
            }
            // An outage is expected: one line per retry, no stack traces burying the log.
            assertThat(log.getOut()).contains("failed (try 2)").doesNotContain("CasdoorException$");
        }
    }

    @Test
    void aLostReplyToAddUserEndsInOneUser() {
        casdoor.dropReplyOfNextAddUser();
        try (var app = startApp()) {
            Person person = Person.fresh();
            ProviderFlow.signIn(new TestBrowser(), app, "google", person);
            UUID account = accountOf(app, "google", person.subject());

            awaitUser(account);
            Eventually.within(PATIENCE, "job done", () -> pendingJobs(app, account) == 0);

            assertThat(casdoor.users(ORG))
                    .filteredOn(u -> u.path("name").asString().equals("u-" + account))
                    .hasSize(1);
        }
    }

    @Test
    void twoAccountsWithOneEmailBothReachCasdoorAndTheSecondWithoutIt() {
        try (var app = startApp()) {
            Person first = Person.fresh();
            Person second = Person.fresh().withEmail(first.email(), false);
            ProviderFlow.signIn(new TestBrowser(), app, "vk", first);
            UUID firstAccount = accountOf(app, "vk", first.subject());
            awaitUser(firstAccount);

            ProviderFlow.signIn(new TestBrowser(), app, "yandex", second);
            UUID secondAccount = accountOf(app, "yandex", second.subject());

            ObjectNode mirrored = awaitUser(secondAccount);
            assertThat(mirrored.path("email").asString()).isEmpty();
            assertThat(user(firstAccount).orElseThrow().path("email").asString())
                    .isEqualTo(first.email());
        }
    }

    @Test
    void twoInstancesSharingTheDatabaseRunEachJobOnce() {
        try (var one = startApp();
                var two = startApp()) {
            UUID[] accounts = new UUID[6];
            for (int i = 0; i < accounts.length; i++) {
                Person person = Person.fresh();
                ProviderFlow.signIn(new TestBrowser(), i % 2 == 0 ? one : two, "vk", person);
                accounts[i] = accountOf(one, "vk", person.subject());
            }

            for (UUID account : accounts) {
                awaitUser(account);
                Eventually.within(PATIENCE, "job done", () -> pendingJobs(one, account) == 0);
                assertThat(addCalls(account)).isEqualTo(1);
            }
        }
    }

    @Test
    void jobsPendingAtShutdownRunAfterTheRestart() {
        casdoor.setDown(true);
        Person person = Person.fresh();
        UUID account;
        try (var before = startApp()) {
            ProviderFlow.signIn(new TestBrowser(), before, "vk", person);
            account = accountOf(before, "vk", person.subject());
        }
        casdoor.setDown(false);

        try (var after = startApp()) {
            awaitUser(account);
            assertThat(addCalls(account)).isEqualTo(1);
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aJobThatFailsUnexpectedlyBacksOffAndIsParkedAloneWhileTheOthersSync(CapturedOutput log) {
        Person poisoned = Person.fresh();
        Person[] others = {Person.fresh(), Person.fresh(), Person.fresh()};
        UUID poison;
        UUID[] healthy = new UUID[others.length];
        // Signed up before the sync was configured: the whole backlog runs in one go on the first start with
        // credentials.
        try (var before = AppInstance.start(SharedApp.providers(), Map.of())) {
            ProviderFlow.signIn(new TestBrowser(), before, "vk", poisoned);
            poison = accountOf(before, "vk", poisoned.subject());
            // A sign-in method this release does not know, as a rolled-back newer release leaves behind:
            // the account can no longer be read, so its sync fails with no Casdoor trouble at all.
            before.bean(JdbcClient.class)
                    .sql("insert into identities (account_id, provider, subject) values (:a, 'mailru', :s)")
                    .param("a", poison)
                    .param("s", poisoned.subject())
                    .update();
            for (int i = 0; i < others.length; i++) {
                ProviderFlow.signIn(new TestBrowser(), before, "yandex", others[i]);
                healthy[i] = accountOf(before, "yandex", others[i].subject());
            }
        }
        Map<String, String> settings = casdoorSettings(casdoor);
        settings.put("myservice.casdoor.sync.first-retry", "500ms");
        settings.put("myservice.casdoor.sync.max-retry", "1s");
        settings.put("myservice.casdoor.sync.max-attempts", "3");
        settings.put("myservice.casdoor.sync.batch-size", "100");

        try (var app = startApp(settings)) {
            for (UUID account : healthy) {
                awaitUser(account);
                Eventually.within(PATIENCE, "job done", () -> pendingJobs(app, account) == 0);
            }
            Eventually.within(PATIENCE, "first failure recorded", () -> failedAttempts(app, poison) >= 1);
            assertThat(jobRow(app, poison, "extract(epoch from due_at - updated_at) * 1000", Double.class))
                    .as("milliseconds until the retry after the first failure")
                    .isGreaterThan(300.0);
            Eventually.within(PATIENCE, "poison job parked", () -> jobRow(app, poison, "parked", Boolean.class));

            assertThat(failedAttempts(app, poison)).isEqualTo(3);
            assertThat(jobRow(app, poison, "last_error", String.class)).contains("NoSuchElementException");
            assertThat(user(poison)).isEmpty();
            var meters = app.bean(MeterRegistry.class);
            assertThat(meters.counter("casdoor.sync.jobs", "kind", "user", "outcome", "retry")
                            .count())
                    .isEqualTo(2.0);
            assertThat(meters.counter("casdoor.sync.jobs", "kind", "user", "outcome", "parked")
                            .count())
                    .isEqualTo(1.0);
            assertThat(log.getOut())
                    .contains("Casdoor user sync of account " + poison + " parked after 3 failures")
                    .contains("at ru.myservice.casdoor.CasdoorUserSync.syncUser(");
        } finally {
            // Other tests re-queue every account in this database; they should find it readable again.
            JdbcClient.create(TestDatabase.get().getPostgresDatabase())
                    .sql("delete from myservice.identities where account_id = :a and provider = 'mailru'")
                    .param("a", poison)
                    .update();
        }
    }

    private ObjectNode awaitUser(UUID account) {
        Eventually.within(
                PATIENCE, "Casdoor user u-" + account, () -> user(account).isPresent());
        return user(account).orElseThrow();
    }

    private Optional<ObjectNode> user(UUID account) {
        return casdoor.user(ORG, "u-" + account);
    }

    private long addCalls(UUID account) {
        return casdoor.calls().stream()
                .filter(c -> c.path().endsWith("/api/add-user") && c.body().contains("u-" + account))
                .filter(c -> "ok".equals(c.replyStatus()) || "dropped".equals(c.replyStatus()))
                .count();
    }

    private static UUID accountOf(AppInstance app, String provider, String subject) {
        return app.bean(JdbcClient.class)
                .sql("select account_id from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(UUID.class)
                .single();
    }

    private static int pendingJobs(AppInstance app, UUID account) {
        return app.bean(JdbcClient.class)
                .sql("select count(*) from casdoor_sync_jobs where account_id = :a")
                .param("a", account)
                .query(Integer.class)
                .single();
    }

    private static int failedAttempts(AppInstance app, UUID account) {
        return app.bean(JdbcClient.class)
                .sql("select coalesce(max(attempts), 0) from casdoor_sync_jobs where account_id = :a")
                .param("a", account)
                .query(Integer.class)
                .single();
    }

    private static <T> T jobRow(AppInstance app, UUID account, String column, Class<T> type) {
        return app.bean(JdbcClient.class)
                .sql("select " + column + " from casdoor_sync_jobs where account_id = :a and kind = 'user'")
                .param("a", account)
                .query(type)
                .single();
    }

    /** Moves the balance to {@code amount} through the ledger, as an operator's adjustment would. */
    private static void changeBalance(AppInstance app, UUID account, String amount) {
        var wallets = app.bean(WalletService.class);
        BigDecimal delta =
                new BigDecimal(amount).subtract(wallets.balance(account).amount());
        String reference = "test-" + UUID.randomUUID();
        if (delta.signum() > 0) {
            wallets.credit(account, new Money(delta), EntryKind.ADJUSTMENT, reference);
        } else if (delta.signum() < 0) {
            wallets.debit(account, new Money(delta.negate()), EntryKind.ADJUSTMENT, reference);
        }
    }
}
