package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What both languages' texts must agree on, whichever page or letter shows them. */
class MessagesUnitTest {

    /** A provider by another name than its own: «VK» or «Яндекс» without «ID», VKontakte, a transliteration. */
    private static final Pattern OTHER_NAME = Pattern.compile(
            "\\b(VK|Яндекс|Yandex)\\b(?! ID)|ВКонтакте|Вконтакте|VKontakte|Телеграм|Гугл",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static Properties load(String name) throws IOException {
        var properties = new Properties();
        try (var in = MessagesUnitTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void everyTextIsInBothLanguages() throws IOException {
        assertThat(load("messages_en.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(load("messages.properties").stringPropertyNames());
    }

    @Test
    void providersGoByOneNameEverywhere() throws IOException {
        for (String file : new String[] {"messages.properties", "messages_en.properties"}) {
            var texts = load(file);
            assertThat(texts.getProperty("provider.vk")).isEqualTo("VK ID");
            assertThat(texts.getProperty("provider.google")).isEqualTo("Google");
            assertThat(texts.getProperty("provider.telegram")).isEqualTo("Telegram");
            for (String key : texts.stringPropertyNames()) {
                if (!key.startsWith("provider.logo.")) {
                    assertThat(texts.getProperty(key)).as(file + " " + key).doesNotContainPattern(OTHER_NAME);
                }
            }
        }
        assertThat(load("messages.properties").getProperty("provider.yandex")).isEqualTo("Яндекс ID");
        assertThat(load("messages_en.properties").getProperty("provider.yandex"))
                .isEqualTo("Yandex ID");
    }

    @Test
    void englishSpellsCanceledTheAmericanWay() throws IOException {
        var english = load("messages_en.properties");
        for (String key : english.stringPropertyNames()) {
            assertThat(english.getProperty(key)).as(key).doesNotContainIgnoringCase("cancelled");
        }
    }
}
