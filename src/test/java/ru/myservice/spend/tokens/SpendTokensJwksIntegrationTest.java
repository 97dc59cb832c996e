package ru.myservice.spend.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.myservice.spend.tokens.SpendTokensIntegrationTest.call;
import static ru.myservice.spend.tokens.SpendTokensIntegrationTest.problem;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeCasdoorCall;
import ru.myservice.sandbox.FakeCasdoorCert;
import ru.myservice.sandbox.FakeCasdoorTokens;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.SharedApp;

/**
 * Without CASDOOR_CERT_FILE the keys come from Casdoor's key set for our application, fetched from CASDOOR_ENDPOINT
 * while tokens name AUTH_URL as their issuer. Each test starts its own instance: the key set it caches is the story.
 */
class SpendTokensJwksIntegrationTest {

    private static final String KEY_SET = "/.well-known/Myservice/jwks";

    private FakeCasdoor casdoor;
    private FakeCasdoorTokens tokens;
    private AppInstance app;

    @BeforeEach
    void startCasdoor() {
        casdoor = SpendTokensIntegrationTest.casdoorWithClients();
        tokens = casdoor.tokens();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        casdoor.close();
    }

    @Test
    void theKeySetOfOurApplicationIsFetchedOnceAndKeptForTheNextCalls() {
        startApp();

        var first = call(app, "GET", "/api/v1/probe/caller", tokens.appAccessToken("ai-demo"));
        var second = call(app, "GET", "/api/v1/probe/caller", tokens.userAccessToken("myservice", "u-7", "ai-site"));
        var forged = call(
                app,
                "GET",
                "/api/v1/probe/caller",
                FakeCasdoorTokens.sign(
                        FakeCasdoorCert.generate("cert-built-in", "admin"),
                        "cert-built-in",
                        tokens.appClaims("ai-demo")));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        problem(forged, 401, "invalid_token");
        assertThat(keySetFetches()).hasSize(1);
        assertThat(keySetFetches().getFirst().replyStatus()).isEqualTo("ok");
    }

    @Test
    void whileCasdoorIsDownTheCallIsUnavailableNotRefusedAndWorksOnceItIsBack() {
        startApp();
        casdoor.setDown(true);

        var duringOutage = call(app, "GET", "/api/v1/probe/caller", tokens.appAccessToken("ai-demo"));
        casdoor.setDown(false);
        var after = call(app, "GET", "/api/v1/probe/caller", tokens.appAccessToken("ai-demo"));

        assertThat(problem(duringOutage, 503, "unavailable").path("detail").asString())
                .isEqualTo("Сервис временно недоступен. Попробуйте через несколько минут.");
        assertThat(duringOutage.headers().firstValue("WWW-Authenticate"))
                .as("the token was never judged")
                .isEmpty();
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    @Test
    void aKeySetOfferingOnlyThePubliclyKnownCertificateIsFetchedAgainOnceThenRefused() {
        tokens.useCert(FakeCasdoorCert.publiclyKnown());
        startApp();

        var first = call(app, "GET", "/api/v1/probe/caller", tokens.appAccessToken("ai-demo"));

        problem(first, 401, "invalid_token");
        assertThat(keySetFetches())
                .as("the first fetch and one more for the key it lacked")
                .hasSize(2);
    }

    private void startApp() {
        app = AppInstance.start(SharedApp.providers(), SpendTokensIntegrationTest.settings(casdoor, Map.of()));
    }

    private List<FakeCasdoorCall> keySetFetches() {
        return casdoor.calls().stream()
                .filter(c -> c.path().startsWith("/.well-known/"))
                .peek(c -> assertThat(c.path()).isEqualTo(KEY_SET))
                .toList();
    }
}
