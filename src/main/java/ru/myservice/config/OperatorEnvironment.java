package ru.myservice.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Translates the original deployment's environment ({@code DB_URL}, {@code SITE_URL}) into Spring
 * settings, so an operator's existing {@code .env} works unchanged.
 *
 * <p>The derived values are added with the lowest precedence: an explicit {@code spring.datasource.*}
 * or cookie setting always wins.
 */
class OperatorEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "operatorEnvironment";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (ProductionSettings.production(environment)) {
            var problems = ProductionSettings.problems(environment);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(
                        "MyService cannot start, fix these settings in .env:\n  - " + String.join("\n  - ", problems));
            }
        }
        Map<String, Object> derived = new LinkedHashMap<>();
        String dbUrl = environment.getProperty("DB_URL");
        if (dbUrl != null && !dbUrl.isBlank()) {
            derived.putAll(DatabaseUrl.parse(dbUrl).asProperties());
        }
        String siteUrl = environment.getProperty("myservice.site-url");
        if (siteUrl != null && siteUrl.startsWith("https://")) {
            derived.put("server.servlet.session.cookie.secure", "true");
        }
        if (!derived.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, derived));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** A database address in either the original {@code postgresql://user:pw@host/db} form or JDBC form. */
    record DatabaseUrl(
            String jdbcUrl,
            @Nullable String username,
            @Nullable String password) {

        static DatabaseUrl parse(String value) {
            String trimmed = value.trim();
            if (trimmed.startsWith("jdbc:")) {
                return new DatabaseUrl(trimmed, null, null);
            }
            if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
                throw new IllegalArgumentException(
                        "DB_URL must look like postgresql://user:password@host:5432/database or jdbc:postgresql://…");
            }
            URI uri = URI.create(trimmed);
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new IllegalArgumentException("DB_URL must name a host and a database");
            }
            @Nullable String username = null;
            @Nullable String password = null;
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            }
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
            return new DatabaseUrl(jdbc, username, password);
        }

        Map<String, Object> asProperties() {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("spring.datasource.url", jdbcUrl);
            if (username != null) {
                properties.put("spring.datasource.username", username);
            }
            if (password != null) {
                properties.put("spring.datasource.password", password);
            }
            return properties;
        }

        private static String decode(String part) {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]";
        }
    }
}
