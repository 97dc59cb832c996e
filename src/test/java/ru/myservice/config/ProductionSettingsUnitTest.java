package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class ProductionSettingsUnitTest {

    private static MockEnvironment complete() {
        return new MockEnvironment()
                .withProperty("MYSERVICE_ENVIRONMENT", "production")
                .withProperty("SITE_URL", "https://lk.example.ru")
                .withProperty("AUTH_URL", "https://auth.example.ru")
                .withProperty("DB_URL", "postgresql://postgres:secret@db:5432/casdoor_db")
                .withProperty("VK_CLIENT_ID", "123")
                .withProperty("VK_CLIENT_SECRET", "abc");
    }

    @Test
    void aCompleteProductionSettingStarts() {
        assertThat(ProductionSettings.problems(complete())).isEmpty();
        new OperatorEnvironment().postProcessEnvironment(complete(), new SpringApplication());
    }

    @Test
    void everyMissingOrMalformedVariableIsNamed() {
        var environment = complete()
                .withProperty("SITE_URL", "lk.example.ru")
                .withProperty("DB_URL", "mysql://db/x")
                .withProperty("YOOKASSA_SHOP_ID", "1234")
                .withProperty("TELEGRAM_BOT_NAME", "bot")
                .withProperty("TELEGRAM_BOT_TOKEN", "not a token");
        environment.setProperty("AUTH_URL", "");

        assertThatThrownBy(() -> new OperatorEnvironment().postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SITE_URL must be an https:// address")
                .hasMessageContaining("AUTH_URL is missing")
                .hasMessageContaining("DB_URL")
                .hasMessageContaining("YOOKASSA_SECRET_KEY is missing")
                .hasMessageContaining("TELEGRAM_BOT_TOKEN does not look like a bot token");
    }

    @Test
    void aDeploymentWithoutAnyWayToSignInRefusesToStart() {
        var environment = complete();
        environment.setProperty("VK_CLIENT_ID", "");
        environment.setProperty("VK_CLIENT_SECRET", "");

        assertThat(ProductionSettings.problems(environment)).anyMatch(p -> p.startsWith("No sign-in method"));
    }

    @Test
    void aLocalRunMayUsePlainHttpAsTheOriginalDid() {
        var environment = complete();
        environment.setProperty("SITE_URL", "http://localhost:8081");
        environment.setProperty("AUTH_URL", "http://localhost:8000");
        assertThat(ProductionSettings.problems(environment)).isEmpty();

        environment.setProperty("SITE_URL", "http://lk.example.ru");
        assertThat(ProductionSettings.problems(environment))
                .anyMatch(p -> p.startsWith("SITE_URL must be an https://"));
    }

    @Test
    void outsideProductionNothingIsRequired() {
        new OperatorEnvironment().postProcessEnvironment(new MockEnvironment(), new SpringApplication());
    }
}
