package ru.myservice.config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The pages' and letters' texts: {@code messages.properties} (Russian) and {@code messages_en.properties}. */
@Configuration(proxyBeanMethods = false)
class MessagesConfiguration {

    @Bean(AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME)
    MessageSource messageSource() {
        var texts = new RememberedTexts();
        texts.setBasename("messages");
        texts.setDefaultEncoding(StandardCharsets.UTF_8.name());
        // A language we have no file for gets Russian, not the server's own language.
        texts.setFallbackToSystemLocale(false);
        return texts;
    }

    /**
     * Texts without arguments, remembered once looked up: a page asks for some fifty of them, and a
     * lookup walks the language's bundle and its parent each time. Only the site's languages and only
     * texts that exist are kept, so the memory is bounded by the files, whatever keys are asked for.
     */
    static final class RememberedTexts extends ResourceBundleMessageSource {

        private final Map<Locale, Map<String, String>> remembered = Page.LANGUAGES.stream()
                .collect(Collectors.toUnmodifiableMap(language -> language, language -> new ConcurrentHashMap<>()));

        @Override
        protected @Nullable String resolveCodeWithoutArguments(String code, Locale locale) {
            Map<String, String> texts = remembered.get(locale);
            if (texts == null) {
                return super.resolveCodeWithoutArguments(code, locale);
            }
            String text = texts.get(code);
            if (text == null) {
                text = super.resolveCodeWithoutArguments(code, locale);
                if (text != null) {
                    texts.put(code, text);
                }
            }
            return text;
        }
    }
}
