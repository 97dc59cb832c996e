package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.ProviderFlow.Person;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestMail;

/** Signing in with a code by e-mail, through a real SMTP round trip. */
class EmailSigninIntegrationTest {

    private final AppInstance app = SharedApp.app();
    private final TestMail mail = SharedApp.mail();
    private final JdbcClient db = app.bean(JdbcClient.class);

    private static String newAddress() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ru";
    }

    private HttpResponse<String> requestCode(TestBrowser browser, String address) {
        var signin = browser.open(app.url("/signin"));
        return browser.follow(
                browser.post(app.url("/signin/email"), Map.of("email", address, "_csrf", TestBrowser.csrf(signin))));
    }

    private HttpResponse<String> enterCode(TestBrowser browser, HttpResponse<String> codePage, String code) {
        return browser.follow(
                browser.post(app.url("/signin/email/code"), Map.of("code", code, "_csrf", TestBrowser.csrf(codePage))));
    }

    @Test
    void anAddressAddedFromTheDashboardBecomesAWayToSignInToThatAccount() {
        var browser = new TestBrowser();
        Person person = Person.fresh();
        var dashboard = ProviderFlow.signIn(browser, app, "vk", person);
        assertThat(dashboard.body()).contains("id=\"link-email\"");
        String address = newAddress();

        var codePage = browser.follow(browser.post(
                app.url("/signin/email"),
                Map.of("email", address, "link", "email", "_csrf", TestBrowser.csrf(dashboard))));
        var linked = enterCode(browser, codePage, mail.latestCode(address));

        assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(linked.body()).contains("Адрес привязан").contains(address).doesNotContain("id=\"link-email\"");
        UUID account = db.sql("select account_id from identities where provider = 'vk' and subject = :s")
                .param("s", person.subject())
                .query(UUID.class)
                .single();
        var elsewhere = new TestBrowser();
        enterCode(elsewhere, requestCode(elsewhere, address), mail.latestCode(address));
        assertThat(db.sql("select account_id from identities where provider = 'email' and subject = :a")
                        .param("a", address)
                        .query(UUID.class)
                        .single())
                .as("a code to the address now signs in to the same account")
                .isEqualTo(account);
    }

    @Test
    void anAddressOfAnotherAccountIsNotAddedAndTheDashboardSaysWhy() {
        String address = newAddress();
        // Someone else signs in with codes to this address already.
        Person owner = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", owner);
        db.sql("""
                        insert into identities (account_id, provider, subject, email, email_verified)
                        select account_id, 'email', :address, :address, true from identities
                        where provider = 'vk' and subject = :subject""").param("address", address).param("subject", owner.subject()).update();
        var browser = new TestBrowser();
        var dashboard = ProviderFlow.signIn(browser, app, "google", Person.fresh());

        var codePage = browser.follow(browser.post(
                app.url("/signin/email"),
                Map.of("email", address, "link", "email", "_csrf", TestBrowser.csrf(dashboard))));
        var refused = enterCode(browser, codePage, mail.latestCode(address));

        assertThat(refused.uri().getPath()).isEqualTo("/dashboard");
        assertThat(refused.body()).contains("Этот адрес уже служит для входа в другой личный кабинет");
        var malformed = browser.follow(browser.post(
                app.url("/signin/email"),
                Map.of("email", "not an address", "link", "email", "_csrf", TestBrowser.csrf(refused))));
        assertThat(malformed.body()).contains("Проверьте адрес");
    }

    @Test
    void aCodeFromTheLetterSignsInWithAVerifiedAddress() {
        var browser = new TestBrowser();
        String address = newAddress();

        var codePage = requestCode(browser, address);
        assertThat(codePage.uri().getPath()).isEqualTo("/signin/email/code");
        assertThat(codePage.body()).contains(address).contains("Введите код из письма");
        String code = mail.latestCode(address);
        var letter = mail.lettersTo(address).getLast();
        assertThat(letter.subject()).isEqualTo("Код для входа в личный кабинет");
        assertThat(letter.text()).contains(code).contains("10 минут");
        assertThat(letter.html()).contains(code).contains("lang=\"ru\"");

        var dashboard = enterCode(browser, codePage, code);

        assertThat(dashboard.uri().getPath()).isEqualTo("/dashboard");
        assertThat(dashboard.body()).contains(address).contains("подтверждён").contains("0,00\u00a0₽");
        assertThat(db.sql("select count(*) from identities where provider = 'email' and subject = :s")
                        .param("s", address)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aTokenSeenBeforeSigningInIsWorthNothingAfterIt() {
        var browser = new TestBrowser();
        String address = newAddress();
        var codePage = requestCode(browser, address);
        String before = TestBrowser.csrf(codePage);
        String cookieBefore = browser.cookie("XSRF-TOKEN").orElseThrow().getValue();

        var dashboard = enterCode(browser, codePage, mail.latestCode(address));

        assertThat(dashboard.uri().getPath()).isEqualTo("/dashboard");
        assertThat(browser.cookie("XSRF-TOKEN").orElseThrow().getValue()).isNotEqualTo(cookieBefore);
        var withOldToken = browser.post(app.url("/signout"), Map.of("_csrf", before));
        assertThat(withOldToken.statusCode()).isEqualTo(403);
        assertThat(browser.open(app.url("/dashboard")).uri().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void englishBrowsersGetAnEnglishLetter() {
        String address = newAddress();
        requestCode(new TestBrowser().english(), address);

        mail.latestCode(address);
        var letter = mail.lettersTo(address).getLast();
        assertThat(letter.subject()).isEqualTo("Your sign-in code");
        assertThat(letter.text()).contains("works for 10 minutes");
    }

    @Test
    void theAnswerDoesNotTellWhetherAnAccountExists() {
        Person owner = Person.fresh().withEmail(newAddress(), true);
        ProviderFlow.signIn(new TestBrowser(), app, "google", owner);
        String known = owner.email();

        var forKnown = requestCode(new TestBrowser(), known.toUpperCase());
        var forUnknown = requestCode(new TestBrowser(), newAddress());

        assertThat(forKnown.uri().getPath())
                .isEqualTo(forUnknown.uri().getPath())
                .isEqualTo("/signin/email/code");
        String knownText = forKnown.body()
                .replaceAll("value=\"[^\"]*\"|content=\"[^\"]*\"", "")
                .replace(known, "ADDRESS");
        String unknownText = forUnknown.body().replaceAll("value=\"[^\"]*\"|content=\"[^\"]*\"", "");
        assertThat(knownText.replaceAll("user-[0-9a-f]{8}@example\\.ru", "ADDRESS"))
                .isEqualTo(unknownText.replaceAll("user-[0-9a-f]{8}@example\\.ru", "ADDRESS"));
    }

    @Test
    void aCodeWorksOnce() {
        String address = newAddress();
        var owner = new TestBrowser();
        var page = requestCode(owner, address);
        String code = mail.latestCode(address);
        assertThat(enterCode(owner, page, code).uri().getPath()).isEqualTo("/dashboard");

        // Someone else who saw the letter asks for the same address and types the code already used.
        var other = new TestBrowser();
        var otherPage = requestCode(other, address);
        assertThat(otherPage.uri().getPath()).isEqualTo("/signin/email/code");
        var reused = enterCode(other, otherPage, code);

        assertThat(reused.uri().getPath()).isEqualTo("/signin/email/code");
        assertThat(reused.body()).containsAnyOf("Срок действия кода истёк", "Код не подходит");
        assertThat(TestBrowser.location(other.get(app.url("/dashboard"))).getPath())
                .isEqualTo("/signin");
    }

    @Test
    void fiveWrongTriesBurnTheCode() {
        String address = newAddress();
        var browser = new TestBrowser();
        var page = requestCode(browser, address);
        String code = mail.latestCode(address);
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 4; i++) {
            page = enterCode(browser, page, wrong);
            assertThat(page.body()).contains("Код не подходит");
        }
        page = enterCode(browser, page, wrong);
        assertThat(page.body()).contains("больше не действует");

        var afterwards = enterCode(browser, page, code);
        assertThat(afterwards.uri().getPath()).isEqualTo("/signin/email/code");
        assertThat(afterwards.body()).contains("больше не действует");
    }

    @Test
    void anExpiredCodeIsRefused() {
        String address = newAddress();
        var browser = new TestBrowser();
        var page = requestCode(browser, address);
        String code = mail.latestCode(address);
        db.sql("update email_codes set expires_at = now() - interval '1 second' where email = :e")
                .param("e", address)
                .update();

        var result = enterCode(browser, page, code);

        assertThat(result.uri().getPath()).isEqualTo("/signin/email/code");
        assertThat(result.body()).contains("Срок действия кода истёк");
    }

    @Test
    void anotherCodeWithinAMinuteIsRefusedAndNoSecondLetterGoesOut() {
        String address = newAddress();
        requestCode(new TestBrowser(), address);
        mail.latestCode(address);

        var second = requestCode(new TestBrowser(), address);

        assertThat(second.body()).contains("Код уже отправлен недавно");
        assertThat(mail.lettersTo(address)).hasSize(1);
    }

    @Test
    void malformedAndOverlongAddressesGetAMessageAndNoLetter() {
        long before = codeLetters();
        for (String bad : new String[] {
            "not-an-address", "a@b", "x@example..ru", "<script>@example.ru", "a".repeat(250) + "@example.ru"
        }) {
            var page = refuse(bad);
            assertThat(page.body()).as(bad).contains("Проверьте адрес");
        }
        assertThat(refuse("<script>@example.ru").body())
                .doesNotContain("<script>@")
                .contains("value=\"&lt;script>@example.ru\"");
        assertThat(codeLetters()).isEqualTo(before);
    }

    @Test
    void addressesWithStrayDotsAreRefusedAsTypedStoringAndSendingNothing() {
        long before = codeLetters();
        for (String bad : new String[] {".user@example.test", "user.@example.test", "us..er@example.test"}) {
            var page = refuse(bad);

            assertThat(page.body())
                    .as(bad)
                    .contains("Проверьте адрес: он должен выглядеть как name@example.ru.")
                    .doesNotContain("Не удалось отправить письмо");
            assertThat(emailField(page.body()))
                    .as(bad)
                    .contains("value=\"" + bad + "\"")
                    .contains("aria-invalid=\"true\"")
                    .contains("aria-describedby=\"email-error\"");
            assertThat(db.sql("select count(*) from email_codes where email = :e")
                            .param("e", bad)
                            .query(Integer.class)
                            .single())
                    .as(bad)
                    .isZero();
        }
        assertThat(codeLetters()).isEqualTo(before);
    }

    @Test
    void theFieldIsNotMarkedInvalidBeforeAnythingIsTyped() {
        var page = new TestBrowser().open(app.url("/signin"));

        assertThat(emailField(page.body())).doesNotContain("aria-invalid").doesNotContain("value=");
    }

    /** Sign-in code letters sent so far; notices of other tests' changes may still arrive meanwhile. */
    private long codeLetters() {
        return mail.all().stream().filter(TestMail.Letter::signinCode).count();
    }

    /** Posts {@code address} to the e-mail form and checks it comes back as the sign-in page, refused. */
    private HttpResponse<String> refuse(String address) {
        var browser = new TestBrowser();
        var signin = browser.open(app.url("/signin"));
        var page = browser.post(app.url("/signin/email"), Map.of("email", address, "_csrf", TestBrowser.csrf(signin)));
        assertThat(page.statusCode()).as(address).isEqualTo(422);
        assertThat(page.body()).as(address).contains("id=\"email-error\"");
        return page;
    }

    private static String emailField(String html) {
        var field = java.util.regex.Pattern.compile("<input id=\"email\"[^>]*>").matcher(html);
        assertThat(field.find()).as("the e-mail field").isTrue();
        return field.group();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aCodeRequestIsLoggedWithTheClientItCameFrom(CapturedOutput output) {
        // Every test calls from 127.0.0.1, a trusted proxy: the client is the address it forwards.
        String client = ru.myservice.testing.ClientAddresses.fresh();
        var browser = new TestBrowser();
        var signin = browser.open(app.url("/signin"));

        browser.post(
                app.url("/signin/email"),
                Map.of("email", newAddress(), "_csrf", TestBrowser.csrf(signin)),
                "X-Forwarded-For",
                client);

        assertThat(output.getOut()).contains("E-mail sign-in code requested from client " + client);
    }

    @Test
    void aConfirmedAddressSignsInToTheAccountWithThatVerifiedAddress() {
        Person google = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "google", google);
        String account = accountOf("google", google.subject());

        var browser = new TestBrowser();
        var page = requestCode(browser, google.email());
        var dashboard = enterCode(browser, page, mail.latestCode(google.email()));

        assertThat(dashboard.body()).contains(google.fullName());
        assertThat(accountOf("email", google.email())).isEqualTo(account);
    }

    @Test
    void anUnverifiedAddressAtVkDoesNotMakeTheCodeJoinThatAccount() {
        Person vk = Person.fresh();
        ProviderFlow.signIn(new TestBrowser(), app, "vk", vk);

        var browser = new TestBrowser();
        var page = requestCode(browser, vk.email());
        enterCode(browser, page, mail.latestCode(vk.email()));

        assertThat(accountOf("email", vk.email())).isNotEqualTo(accountOf("vk", vk.subject()));
    }

    @Test
    void sendingIsLimitedPerClientAddressAcrossAddresses() {
        var settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.signin.email.per-client-hourly", "2");
        try (var limited = AppInstance.start(SharedApp.providers(), settings)) {
            var browser = new TestBrowser();
            // Every test calls from 127.0.0.1, a trusted proxy: this client is told apart by its forwarded address.
            String client = ru.myservice.testing.ClientAddresses.fresh();
            String[] addresses = {newAddress(), newAddress(), newAddress()};
            for (String address : addresses) {
                var signin = browser.open(limited.url("/signin"));
                browser.follow(browser.post(
                        limited.url("/signin/email"),
                        Map.of("email", address, "_csrf", TestBrowser.csrf(signin)),
                        "X-Forwarded-For",
                        client));
            }

            mail.latestCode(addresses[1]);
            assertThat(mail.lettersTo(addresses[0])).hasSize(1);
            assertThat(mail.lettersTo(addresses[2])).isEmpty();
        }
    }

    @Test
    void aMailServerThatIsDownGetsAClearMessage() {
        var settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("spring.mail.port", Integer.toString(AppInstance.freePort()));
        try (var broken = AppInstance.start(SharedApp.providers(), settings)) {
            var browser = new TestBrowser();
            var signin = browser.open(broken.url("/signin"));

            var page = browser.follow(browser.post(
                    broken.url("/signin/email"), Map.of("email", newAddress(), "_csrf", TestBrowser.csrf(signin))));

            assertThat(page.uri().getPath()).isEqualTo("/signin");
            assertThat(page.body()).contains("Не удалось отправить письмо");
        }
    }

    private String accountOf(String provider, String subject) {
        return db.sql("select account_id::text from identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(String.class)
                .single();
    }
}
