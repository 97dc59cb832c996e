package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
        assertThat(SigninHandlers.REASONS).contains("cancelled", "expired", "provider", "profile", "taken", "failed");
    }
}
