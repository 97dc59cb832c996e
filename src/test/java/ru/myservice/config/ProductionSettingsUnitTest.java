package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;
import ru.myservice.testing.ReadmeSettings;

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
        assertThatCode(() -> new OperatorEnvironment().postProcessEnvironment(complete(), new SpringApplication()))
                .doesNotThrowAnyException();
    }

    @Test
    void theReadmeCallsRequiredWhatProductionRefusesToStartWithout() throws IOException {
        var refusedWithout = new TreeSet<String>();
        for (var row : ReadmeSettings.rows()) {
            for (var name : row.names()) {
                var environment = complete();
                environment.setProperty(name, "");
                if (ProductionSettings.problems(environment).stream()
                        .anyMatch(p -> p.startsWith(name + " is missing") && !p.contains("go together"))) {
                    refusedWithout.add(name);
                }
            }
        }
        var calledRequired = ReadmeSettings.rows().stream()
                .filter(ReadmeSettings.Row::required)
                .flatMap(row -> row.names().stream())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(refusedWithout).contains("SITE_URL", "AUTH_URL", "DB_URL");
        assertThat(calledRequired).isEqualTo(refusedWithout);
        var example = Files.readAllLines(Path.of(".env.example"));
        for (var name : refusedWithout) {
            assertThat(example).as(".env.example fills in " + name).anyMatch(line -> line.matches(name + "=\\S+"));
        }
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
        var bare = new MockEnvironment();
        assertThat(ProductionSettings.problems(bare))
                .anyMatch(p -> p.startsWith("SITE_URL is missing"))
                .anyMatch(p -> p.startsWith("DB_URL is missing"));

        assertThatCode(() -> new OperatorEnvironment().postProcessEnvironment(bare, new SpringApplication()))
                .doesNotThrowAnyException();

        bare.setProperty("MYSERVICE_ENVIRONMENT", "production");
        assertThatThrownBy(() -> new OperatorEnvironment().postProcessEnvironment(bare, new SpringApplication()))
                .hasMessageContaining("SITE_URL is missing")
                .hasMessageContaining("DB_URL is missing");
    }
}
