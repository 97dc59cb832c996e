package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class OperatorEnvironmentUnitTest {

    @Test
    void theOriginalDbUrlFormBecomesJdbcSettings() {
        var url = OperatorEnvironment.DatabaseUrl.parse("postgresql://postgres:secret_password@db:5432/casdoor_db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/casdoor_db");
        assertThat(url.username()).isEqualTo("postgres");
        assertThat(url.password()).isEqualTo("secret_password");
    }

    @Test
    void escapedPasswordsAndQueryParametersSurvive() {
        var url = OperatorEnvironment.DatabaseUrl.parse(
                "postgres://app:p%40ss%3Aw0rd@10.0.0.5/casdoor_db?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5:5432/casdoor_db?sslmode=require");
        assertThat(url.password()).isEqualTo("p@ss:w0rd");
    }

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        var url = OperatorEnvironment.DatabaseUrl.parse("jdbc:postgresql://db:5432/casdoor_db?user=x");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/casdoor_db?user=x");
        assertThat(url.username()).isNull();
    }

    @Test
    void somethingElseIsRefusedWithTheVariableNamed() {
        assertThatThrownBy(() -> OperatorEnvironment.DatabaseUrl.parse("mysql://db/casdoor_db"))
                .hasMessageContaining("DB_URL");
        assertThatThrownBy(() -> OperatorEnvironment.DatabaseUrl.parse("postgresql://db"))
                .hasMessageContaining("DB_URL");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        var url = OperatorEnvironment.DatabaseUrl.parse("postgresql://postgres:secret_password@db:5432/casdoor_db");

        assertThat(url.toString()).doesNotContain("secret_password");
    }

    @Test
    void anHttpsSiteGetsSecureCookiesAndDbUrlFillsTheDatasource() {
        var environment = new MockEnvironment()
                .withProperty("DB_URL", "postgresql://u:p@db:5432/casdoor_db")
                .withProperty("myservice.site-url", "https://lk.example.ru");

        new OperatorEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/casdoor_db");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("u");
        assertThat(environment.getProperty("server.servlet.session.cookie.secure"))
                .isEqualTo("true");
    }

    @Test
    void explicitSpringSettingsWinOverDerivedOnes() {
        var environment = new MockEnvironment()
                .withProperty("DB_URL", "postgresql://u:p@db:5432/casdoor_db")
                .withProperty("spring.datasource.url", "jdbc:postgresql://other:5432/x")
                .withProperty("myservice.site-url", "http://localhost:8081");

        new OperatorEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://other:5432/x");
        assertThat(environment.getProperty("server.servlet.session.cookie.secure"))
                .isNull();
    }
}
