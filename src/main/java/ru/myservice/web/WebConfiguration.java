package ru.myservice.web;

import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

@Configuration
class WebConfiguration {

    static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    /** Russian unless the browser prefers English. */
    @Bean
    LocaleResolver localeResolver() {
        var resolver = new AcceptHeaderLocaleResolver();
        resolver.setSupportedLocales(List.of(RUSSIAN, Locale.ENGLISH));
        resolver.setDefaultLocale(RUSSIAN);
        return resolver;
    }
}
