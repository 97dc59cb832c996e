package ru.myservice.operator.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.sandbox.FakeCasdoorOidc;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.ProviderFlow;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.StaffSignin;
import ru.myservice.testing.TestBrowser;
import ru.myservice.testing.TestClock;

/**
 * Staff sign-in to the console through the Casdoor stand-in: who gets in and as what, who is turned away and how,
 * and how long a staff session lasts, on an instance whose clock the tests move.
 */
class StaffSigninIntegrationTest {

    private static final TestClock clock = new TestClock();
    private static AppInstance app;

    @BeforeAll
    static void start() {
        app = AppInstance.start(SharedApp.providers(), SharedApp.signinSettings(), clock);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void staffSignInThroughCasdoorAndLandOnTheConsoleWithTheirNameWithoutACustomerSession() {
        long customerSessions = customerSessions();
        var browser = new TestBrowser();

        URI authorize = StaffSignin.authorize(browser, app);
        var signinPage = browser.get(authorize.toString());
        var query = TestBrowser.query(authorize);
        URI callback = StaffSignin.pick(browser, authorize, FakeCasdoorOidc.OPERATOR);
        var signedIn = browser.get(callback.toString());
        var console = browser.open(TestBrowser.location(signedIn).toString());

        assertThat(signinPage.statusCode()).isEqualTo(200);
        assertThat(query)
                .containsEntry("client_id", StaffSignin.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256")
                .containsKeys("code_challenge", "state", "nonce");
        assertThat(query.get("redirect_uri")).isEqualTo(app.url("/operator/login/oauth2/code/casdoor"));
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.uri().getPath()).isEqualTo("/operator");
        assertThat(console.body())
                .contains("Ольга Операторова")
                .contains("Консоль оператора")
                .contains("id=\"search-query\"")
                .contains("href=\"/operator/reports\"")
                .contains("href=\"/operator/audit\"")
                .doesNotContain("id=\"readonly-note\"");
        assertThat(signedIn.headers().allValues("Set-Cookie"))
                .anySatisfy(header -> assertThat(header)
                        .startsWith("MYSERVICE_STAFF=")
                        .contains("Path=/operator")
                        .contains("HttpOnly")
                        .contains("SameSite=Lax")
                        // The sandbox and tests run on http; behind https the cookie is Secure too.
                        .doesNotContain("Secure"));
        var cookie = browser.cookie("MYSERVICE_STAFF").orElseThrow();
        assertThat(cookie.getPath()).isEqualTo("/operator");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(browser.cookie("SESSION")).isEmpty();
        assertThat(customerSessions()).isEqualTo(customerSessions);
        // Only the cookie's hash is stored: the cookie itself finds no row.
        assertThat(staffRowsWithHash(StaffSessions.hash(cookie.getValue()))).isEqualTo(1);
        assertThat(staffRowsWithHash(cookie.getValue().getBytes())).isZero();
        assertThat(console.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
    }

    @Test
    void theGroupsComeFromUserinfoWhenTheTokenDoesNotCarryThem() {
        var casdoor = SharedApp.casdoor();
        casdoor.oidc().setGroupsInToken(false);
        try {
            var console = StaffSignin.signIn(new TestBrowser(), app, FakeCasdoorOidc.AUDITOR);

            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains("Аркадий Аудиторов").contains("Только просмотр");
        } finally {
            casdoor.oidc().setGroupsInToken(true);
        }
    }

    @Test
    void aCasdoorUserOutsideTheStaffGroupsIsToldInWordsAndGetsNoSession() {
        var browser = new TestBrowser();

        var page = StaffSignin.signIn(browser, app, FakeCasdoorOidc.VISITOR);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body())
                .contains("Эта учётная запись — не сотрудник")
                .contains("myservice/visitor")
                .contains("выйдите из этой в Casdoor");
        assertThat(browser.cookie("MYSERVICE_STAFF")).isEmpty();
        assertThat(browser.get(app.url("/operator")).statusCode()).isEqualTo(302);
    }

    @Test
    void aStaffUserOfAnotherOrganizationIsNotStaff() {
        var outsider = new FakeCasdoorOidc.Person(
                "partner",
                "operator",
                "5b1f0c2e-0000-4000-8000-0000000000aa",
                "Чужой Оператор",
                "op@partner.example",
                true,
                java.util.List.of("myservice/staff"));
        SharedApp.casdoor().oidc().addPerson(outsider);

        var page = StaffSignin.signIn(new TestBrowser().english(), app, outsider);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("This account is not staff").contains("partner/operator");
    }

    @Test
    void aSignedInCustomerGetsTheStaffOnlyPageNotCasdoorUnlessTheyAlsoHoldAStaffSession() {
        var browser = new TestBrowser();
        ProviderFlow.signIn(browser, app, "vk", ProviderFlow.Person.fresh());
        assertThat(browser.cookie("SESSION")).isPresent();

        var refused = browser.get(app.url("/operator"));
        var refusedForm = browser.post(app.url("/operator/search"), Map.of("q", "x"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body())
                .contains("Консоль только для сотрудников")
                .contains("Вы вошли в личный кабинет как клиент");
        assertThat(refusedForm.statusCode()).isEqualTo(403);

        // The page's «sign in as staff» goes to Casdoor, not back to the console's door.
        var button = java.util.regex.Pattern.compile("href=\"([^\"]+)\" id=\"gate-signin\"")
                .matcher(refused.body());
        assertThat(button.find()).isTrue();
        var toCasdoor = browser.get(app.url(button.group(1)));
        URI callback = StaffSignin.pick(browser, TestBrowser.location(toCasdoor), FakeCasdoorOidc.OPERATOR);
        var console = browser.open(callback.toString());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Ольга Операторова");
        assertThat(browser.get(app.url("/dashboard")).statusCode()).isEqualTo(200);
    }

    @Test
    void readOnlyStaffMayLookButEveryFormOfTheirsIsRefusedEvenWithAValidToken() {
        var auditor = StaffSignin.signedIn(app, FakeCasdoorOidc.AUDITOR);
        var operator = StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR);
        var auditorPage = auditor.get(app.url("/operator"));
        var operatorPage = operator.get(app.url("/operator"));

        var forged = auditor.post(
                app.url("/operator/no-such-action"), Map.of("_csrf", TestBrowser.csrf(auditorPage), "reason", "x"));
        var allowed = operator.post(
                app.url("/operator/no-such-action"), Map.of("_csrf", TestBrowser.csrf(operatorPage), "reason", "x"));

        assertThat(auditorPage.statusCode()).isEqualTo(200);
        assertThat(auditorPage.body()).contains("Только просмотр").contains("id=\"readonly-note\"");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("доступ только для просмотра").contains("ничего не изменилось");
        // The same form from a full member passes the console's door (and finds no such page here).
        assertThat(allowed.statusCode()).isEqualTo(404);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        var browser = StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR);

        var withoutToken = browser.post(app.url("/operator/signout"), Map.of());
        var forgedToken = browser.post(app.url("/operator/signout"), Map.of("_csrf", "forged"));

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("Страница устарела");
        assertThat(forgedToken.statusCode()).isEqualTo(403);
        assertThat(browser.get(app.url("/operator")).statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutEndsTheStaffSessionAndItsRow() {
        var browser = StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR);
        byte[] hash = StaffSessions.hash(
                browser.cookie("MYSERVICE_STAFF").orElseThrow().getValue());
        var page = browser.get(app.url("/operator"));

        var signout = browser.post(app.url("/operator/signout"), Map.of("_csrf", TestBrowser.csrf(page)));
        var out = browser.open(TestBrowser.location(signout).toString());

        assertThat(TestBrowser.location(signout).getPath()).isEqualTo("/operator/signed-out");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).contains("Вы вышли из консоли");
        assertThat(staffRowsWithHash(hash)).isZero();
        assertThat(TestBrowser.location(browser.get(app.url("/operator"))).getPath())
                .isEqualTo("/operator/oauth2/authorization/casdoor");
    }

    @Test
    void aTamperedStateIsRefused() {
        var browser = new TestBrowser();
        URI callback = StaffSignin.pick(browser, StaffSignin.authorize(browser, app), FakeCasdoorOidc.OPERATOR);
        var query = TestBrowser.query(callback);

        var page = browser.open(app.url("/operator/login/oauth2/code/casdoor?code=" + query.get("code") + "&state="
                + query.get("state") + "x"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Не удалось войти");
        assertThat(browser.cookie("MYSERVICE_STAFF")).isEmpty();
    }

    @Test
    void aCodeIssuedToAnotherBrowsersSignInIsUselessWithoutItsPkceVerifier() {
        var victim = new TestBrowser();
        URI victimCallback = StaffSignin.pick(victim, StaffSignin.authorize(victim, app), FakeCasdoorOidc.OPERATOR);
        var attacker = new TestBrowser();
        URI attackerCallback =
                StaffSignin.pick(attacker, StaffSignin.authorize(attacker, app), FakeCasdoorOidc.VISITOR);

        // The attacker's own sign-in (its state and cookie) carrying the victim's code.
        var page = attacker.open(app.url("/operator/login/oauth2/code/casdoor?code="
                + TestBrowser.query(victimCallback).get("code") + "&state="
                + TestBrowser.query(attackerCallback).get("state")));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Не удалось войти");
        assertThat(attacker.cookie("MYSERVICE_STAFF")).isEmpty();
    }

    @Test
    void aSessionEndsAfterThirtyMinutesUnused() {
        var browser = StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR);

        clock.advance(Duration.ofMinutes(29));
        var active = browser.get(app.url("/operator"));
        clock.advance(Duration.ofMinutes(31));
        var idle = browser.get(app.url("/operator"));

        assertThat(active.statusCode()).isEqualTo(200);
        assertThat(idle.statusCode()).isEqualTo(302);
        assertThat(TestBrowser.location(idle).getPath()).isEqualTo("/operator/oauth2/authorization/casdoor");
    }

    @Test
    void aSessionEndsEightHoursAfterSignInHoweverBusy() {
        var browser = StaffSignin.signedIn(app, FakeCasdoorOidc.OPERATOR);

        for (int i = 0; i < 19; i++) {
            clock.advance(Duration.ofMinutes(25));
            assertThat(browser.get(app.url("/operator")).statusCode())
                    .as("after %d minutes", 25 * (i + 1))
                    .isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(10));
        var ended = browser.get(app.url("/operator"));

        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(TestBrowser.location(ended).getPath()).isEqualTo("/operator/oauth2/authorization/casdoor");
    }

    @Test
    void withoutAStaffApplicationEveryConsoleAddressIsNotFound() {
        Map<String, String> settings = new HashMap<>(SharedApp.signinSettings());
        settings.put("myservice.operator.client-id", "");
        try (var off = AppInstance.start(SharedApp.providers(), settings)) {
            var browser = new TestBrowser();

            var home = browser.get(off.url("/operator"));
            var signin = browser.get(off.url("/operator/oauth2/authorization/casdoor"));
            var form = browser.post(off.url("/operator/signout"), Map.of());

            assertThat(home.statusCode()).isEqualTo(404);
            assertThat(home.body()).contains("Страница не найдена");
            assertThat(signin.statusCode()).isEqualTo(404);
            assertThat(form.statusCode()).isEqualTo(404);
        }
    }

    private static long customerSessions() {
        return app.bean(JdbcClient.class)
                .sql("select count(*) from sessions")
                .query(Long.class)
                .single();
    }

    private static long staffRowsWithHash(byte[] hash) {
        return app.bean(JdbcClient.class)
                .sql("select count(*) from staff_sessions where id_hash = :hash")
                .param("hash", hash)
                .query(Long.class)
                .single();
    }
}
