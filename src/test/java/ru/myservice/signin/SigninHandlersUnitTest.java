package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigninHandlersUnitTest {

    @Test
    void aSavedRequestKeepsOnlyItsPathAndQuery() {
        assertThat(SigninHandlers.localPath("http://evil.example/dashboard?tab=1"))
                .isEqualTo("/dashboard?tab=1");
        assertThat(SigninHandlers.localPath("http://localhost:8081/dashboard")).isEqualTo("/dashboard");
    }

    @Test
    void anythingThatCouldLeaveTheSiteFallsBackToTheDashboard() {
        assertThat(SigninHandlers.localPath("//evil.example/x")).isEqualTo("/x");
        assertThat(SigninHandlers.localPath("http://localhost//evil.example/x")).isEqualTo("/dashboard");
        assertThat(SigninHandlers.localPath("http://evil.example")).isEqualTo("/dashboard");
        assertThat(SigninHandlers.localPath("not a url")).isEqualTo("/dashboard");
    }

    @Test
    void providerErrorsMapToReasonsThePageExplains() {
        assertThat(SigninHandlers.reason("access_denied")).isEqualTo("cancelled");
        assertThat(SigninHandlers.reason("authorization_request_not_found")).isEqualTo("expired");
        assertThat(SigninHandlers.reason("invalid_token_response")).isEqualTo("provider");
        assertThat(SigninHandlers.reason("missing_user_id")).isEqualTo("profile");
        assertThat(SigninHandlers.reason("something_new")).isEqualTo("failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_en.properties"})
    void everyReasonThePageAcceptsHasItsOwnSentence(String file) throws IOException {
        var texts = new Properties();
        try (var in = SigninHandlersUnitTest.class.getResourceAsStream("/" + file)) {
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        for (String reason : SigninHandlers.REASONS) {
            assertThat(texts.getProperty("signin.error." + reason))
                    .as("signin.error.%s in %s", reason, file)
                    .isNotBlank();
        }
    }
}
