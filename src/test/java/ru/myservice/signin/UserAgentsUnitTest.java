package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Browsers as people call them, from the User-Agent strings real browsers send. */
class UserAgentsUnitTest {

    private static final Locale RU = Locale.forLanguageTag("ru");

    @ParameterizedTest(name = "{1}, {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0|Edge|Windows",
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 YaBrowser/24.12.0.0 Mobile Safari/537.36|Яндекс Браузер|Android",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15|Safari|macOS",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1|Chrome|iPhone",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0|Firefox|Linux",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0|Opera|Windows",
            })
    void namesTheBrowserAndTheSystem(String userAgent, String browser, String system) {
        assertThat(UserAgents.browser(userAgent, RU)).isEqualTo(browser);
        assertThat(UserAgents.system(userAgent)).isEqualTo(system);
    }

    @ParameterizedTest
    @CsvSource({"curl/8.5.0", "Java-http-client"})
    void somethingThatIsNotABrowserIsNotNamed(String userAgent) {
        assertThat(UserAgents.browser(userAgent, RU)).isNull();
        assertThat(UserAgents.system(userAgent)).isNull();
    }

    @org.junit.jupiter.api.Test
    void theYandexBrowserHasAnEnglishNameToo() {
        assertThat(UserAgents.browser("Mozilla/5.0 Chrome/130.0 YaBrowser/24.12 Safari/537.36", Locale.ENGLISH))
                .isEqualTo("Yandex Browser");
    }
}
