package ru.myservice.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import ru.myservice.config.SiteProperties;

@Configuration
class WebConfiguration {

    /** The person's choice of language, else the browser's, else Russian (see {@link Languages}). */
    @Bean
    LocaleResolver localeResolver(SiteProperties site) {
        return Languages.resolver("https".equals(site.siteUrl().getScheme()));
    }
}
