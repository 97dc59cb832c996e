package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestClock;
import ru.myservice.wallet.EntryKind;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * Deleting an account: only with no money left and no payment underway, only after a fresh sign-in,
 * and afterwards nothing that names the person, the accounting records kept, and a fresh start on the
 * next sign-in.
 */
class AccountDeletionIntegrationTest {

    static final TestClock clock = new TestClock();
    static final String SUPPORT = "help@myservice.test";
    static AppInstance app;
    static JdbcClient db;

    @BeforeAll
    static void start() {
        var settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.footer.support-email", SUPPORT);
        app = AppInstance.start(SharedApp.providers(), settings, clock);
        db = app.bean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aPersonWithNothingOnTheBalanceDeletesTheAccountEverywhereAndStartsAfreshLater() {
        Person person = Person.fresh();
        var laptop = new TestBrowser();
        ProviderFlow.signIn(laptop, app, "vk", person);
        var phone = new TestBrowser();
        ProviderFlow.signIn(phone, app, "vk", person);
        UUID account = app.accountOf("vk", person.subject());
        var wallets = app.bean(WalletService.class);
        wallets.credit(account, Money.of("100"), EntryKind.ADJUSTMENT, "deletion-test-credit-" + account);
        wallets.debit(account, Money.of("100"), EntryKind.ADJUSTMENT, "deletion-test-debit-" + account);
        var page = phone.get(app.url("/account/delete"));
        assertThat(page.body()).contains("Удаление нельзя отменить").contains("id=\"delete-submit\"");

        var done = phone.open(
                TestBrowser.location(phone.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(page))))
                        .toString());

        assertThat(done.uri().getPath()).isEqualTo("/signin");
        assertThat(done.body()).contains("Личный кабинет удалён");
        assertThat(TestBrowser.location(laptop.get(app.url("/dashboard"))).getPath())
                .as("the other device is signed out too")
                .isEqualTo("/signin");
        assertThat(rows("select count(*) from identities where account_id = :a", account))
                .isZero();
        assertThat(rows("select count(*) from account_activity where account_id = :a", account))
                .isZero();
        assertThat(db.sql("""
                        select display_name = '' and email is null and avatar_url is null and deleted_at is not null
                        from accounts where id = :a""").param("a", account).query(Boolean.class).single())
                .as("the account row names no one")
                .isTrue();
        assertThat(rows("""
                        select count(*) from ledger_entries e join wallets w on w.id = e.wallet_id
                        where w.account_id = :a""", account)).as("the accounting records stay").isEqualTo(2);

        var again = new TestBrowser();
        var dashboard = ProviderFlow.signIn(again, app, "vk", person);
        UUID fresh = app.accountOf("vk", person.subject());
        assertThat(fresh).isNotEqualTo(account);
        assertThat(dashboard.body()).contains("0,00\u00a0₽");
    }

    @Test
    void moneyOnTheBalanceIsNeverLostToADeletionEvenByAFormThePageNeverShowed() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "google", person);
        UUID account = app.accountOf("google", person.subject());
        app.bean(WalletService.class)
                .credit(account, Money.of("50"), EntryKind.ADJUSTMENT, "deletion-money-" + account);

        var page = browser.get(app.url("/account/delete")).body();
        var refused = browser.open(TestBrowser.location(
                        browser.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(dashboard))))
                .toString());

        assertThat(page).contains("На балансе 50,00\u00a0₽").doesNotContain("id=\"delete-submit\"");
        assertThat(refused.body()).contains("Кабинет не удалён: на балансе есть деньги или резерв.");
        assertThat(rows("select count(*) from identities where account_id = :a", account))
                .isEqualTo(1);
        assertThat(browser.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
    }

    @Test
    void aPaymentStillUnderwayHoldsTheDeletionBack() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "yandex", person);
        UUID account = app.accountOf("yandex", person.subject());
        db.sql("""
                        insert into payments (id, user_id, amount, status, idempotence_key, description)
                        values (:id, :a, 100, 'pending', :key, 'Пополнение баланса')""")
                .param("id", UUID.randomUUID())
                .param("a", account)
                .param("key", UUID.randomUUID().toString())
                .update();

        var refused = browser.open(TestBrowser.location(
                        browser.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(dashboard))))
                .toString());

        assertThat(refused.body()).contains("Кабинет не удалён: есть незавершённые платежи.");
        assertThat(rows("select count(*) from identities where account_id = :a", account))
                .isEqualTo(1);
    }

    @Test
    void tenMinutesAfterSigningInTheDeletionAsksToConfirmFirstAndComesBackAfterwards() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        ProviderFlow.signIn(browser, app, "vk", person);
        UUID account = app.accountOf("vk", person.subject());
        clock.advance(Duration.ofMinutes(11));

        var page = browser.get(app.url("/account/delete"));
        var asked = browser.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(page)));

        assertThat(page.body()).contains("id=\"delete-confirm\"").doesNotContain("id=\"delete-submit\"");
        assertThat(TestBrowser.location(asked).toString()).endsWith("/confirm?then=delete");
        assertThat(rows("select count(*) from identities where account_id = :a", account))
                .isEqualTo(1);

        var confirmPage = browser.get(app.url("/confirm?then=delete"));
        var start =
                browser.post(app.url("/confirm/vk"), Map.of("_csrf", TestBrowser.csrf(confirmPage), "then", "delete"));
        URI authorize =
                TestBrowser.location(browser.get(TestBrowser.location(start).toString()));
        HttpResponse<String> back = browser.open(
                ProviderFlow.consent(browser, authorize, person, true).toString());

        assertThat(back.uri().getPath()).isEqualTo("/account/delete");
        assertThat(back.body()).contains("Вход подтверждён").contains("id=\"delete-submit\"");
        browser.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(back)));
        assertThat(rows("select count(*) from identities where account_id = :a", account))
                .isZero();
    }

    @Test
    void theOwnerIsToldByEmailAtTheAddressTheAccountHad() {
        var browser = new TestBrowser();
        Person person = Person.fresh().withEmail("leaving-" + UUID.randomUUID() + "@example.ru", true);
        ProviderFlow.signIn(browser, app, "google", person);
        long number = db.sql("select number from accounts where id = :a")
                .param("a", app.accountOf("google", person.subject()))
                .query(Long.class)
                .single();
        var page = browser.get(app.url("/account/delete"));

        browser.post(app.url("/account/delete"), Map.of("_csrf", TestBrowser.csrf(page)));

        var mail = SharedApp.mail();
        Eventually.within(
                Duration.ofSeconds(10),
                "the deletion letter",
                () -> !mail.lettersTo(person.email()).isEmpty());
        var letter = mail.lettersTo(person.email()).getLast();
        String moscowTime =
                DateTimeFormatter.ofPattern("HH:mm").format(clock.instant().atZone(ZoneId.of("Europe/Moscow")));
        assertThat(letter.subject()).isEqualTo("Личный кабинет удалён");
        assertThat(letter.text())
                .contains("Личный кабинет №\u00a0" + number + " удалён.")
                .containsPattern("Когда: \\d{1,2}\u00a0[а-я]+ \\d{4}\u00a0г\\., " + moscowTime + " \\(МСК\\)\\.")
                .contains("Платежи и операции по балансу остаются в учёте")
                .contains("напишите в поддержку: " + SUPPORT);
        assertThat(letter.html()).contains("href=\"mailto:" + SUPPORT + "\"");
        assertThat(mail.lettersTo(person.email())).as("sent once").hasSize(1);
    }

    private static int rows(String sql, UUID account) {
        return db.sql(sql).param("a", account).query(Integer.class).single();
    }
}
