package ru.myservice.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.LocaleResolver;
import ru.myservice.config.SiteProperties;

@Configuration
class WebConfiguration {

    /** The person's choice of language, else the browser's, else Russian (see {@link Languages}). */
    @Bean
    LocaleResolver localeResolver(SiteProperties site) {
        return Languages.resolver("https".equals(site.siteUrl().getScheme()));
    }

    /**
     * No flash attributes: redirects here carry what they need in the URL. Spring MVC's default keeps
     * them in the session and so reads the session on every request it handles, a style sheet included.
     */
    @Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
    FlashMapManager flashMapManager() {
        return new FlashMapManager() {
            @Override
            public @Nullable FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
                return null;
            }

            @Override
            public void saveOutputFlashMap(
                    FlashMap flashMap, HttpServletRequest request, HttpServletResponse response) {
                if (!flashMap.isEmpty()) {
                    throw new IllegalStateException("Flash attributes are not kept: put them in the redirect's URL");
                }
            }
        };
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
