package ru.myservice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;

/** The texts pages and letters get, remembered or not, in each language. */
class MessagesConfigurationUnitTest {

    private static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    private final MessageSource texts = new MessagesConfiguration().messageSource();

    @Test
    void eachLanguageGetsItsOwnTexts_theSameEveryTimeAsked() {
        for (int i = 0; i < 3; i++) {
            assertThat(texts.getMessage("app.name", null, RUSSIAN)).isEqualTo("Личный кабинет");
            assertThat(texts.getMessage("app.name", null, Locale.ENGLISH)).isEqualTo("Personal account");
        }
    }

    @Test
    void aLanguageWeHaveNoFileForGetsRussian_notTheServersLanguage() {
        assertThat(texts.getMessage("app.name", null, Locale.GERMAN)).isEqualTo("Личный кабинет");
        assertThat(texts.getMessage("app.name", null, Locale.forLanguageTag("en-GB")))
                .isEqualTo("Personal account");
    }

    @Test
    void textsWithArgumentsAreFilledIn_andAMissingTextFallsBackToWhatTheCallerGave() {
        assertThat(texts.getMessage("signin.with", new Object[] {"VK ID"}, RUSSIAN))
                .isEqualTo("Войти через VK ID");
        for (int i = 0; i < 2; i++) {
            assertThat(texts.getMessage("no.such.text", null, "no.such.text", RUSSIAN))
                    .isEqualTo("no.such.text");
        }
    }
}
