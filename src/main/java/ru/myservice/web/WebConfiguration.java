package ru.myservice.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.LocaleResolver;
import ru.myservice.config.SiteProperties;

@Configuration
class WebConfiguration {

    /** The person's choice of language, else the browser's, else Russian (see {@link Languages}). */
    @Bean
    LocaleResolver localeResolver(SiteProperties site) {
        return Languages.resolver("https".equals(site.siteUrl().getScheme()));
    }

    /** The dashboard and its history table, each in one transaction that the session's read joins. */
    @Bean
    FilterRegistrationBean<PageTransaction> pageTransaction(PlatformTransactionManager transactions) {
        var registration = new FilterRegistrationBean<>(new PageTransaction(transactions));
        registration.addUrlPatterns("/dashboard", "/dashboard/history");
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }
}
