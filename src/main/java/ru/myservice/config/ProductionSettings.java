package ru.myservice.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * What a production deployment ({@code MYSERVICE_ENVIRONMENT=production}, as Compose sets it) must
 * have before it starts. The sandbox and tests run with defaults; a real deployment with a missing
 * or malformed variable refuses to start and names every variable at fault, instead of failing
 * later in front of a customer.
 */
final class ProductionSettings {

    private ProductionSettings() {}

    static boolean production(Environment environment) {
        return "production".equalsIgnoreCase(environment.getProperty("MYSERVICE_ENVIRONMENT", ""));
    }

    /** Every problem found, each naming its variable; empty when the settings are usable. */
    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        url(environment, "SITE_URL", true, problems);
        url(environment, "AUTH_URL", false, problems);
        String dbUrl = value(environment, "DB_URL");
        if (dbUrl.isEmpty()) {
            problems.add("DB_URL is missing (postgresql://user:password@host:5432/casdoor_db)");
        } else {
            try {
                OperatorEnvironment.DatabaseUrl.parse(dbUrl);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        pair(environment, "VK_CLIENT_ID", "VK_CLIENT_SECRET", problems);
        pair(environment, "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", problems);
        pair(environment, "YANDEX_CLIENT_ID", "YANDEX_CLIENT_SECRET", problems);
        pair(environment, "CASDOOR_CLIENT_ID", "CASDOOR_CLIENT_SECRET", problems);
        pair(environment, "YOOKASSA_SHOP_ID", "YOOKASSA_SECRET_KEY", problems);
        pair(environment, "OPERATOR_CLIENT_ID", "OPERATOR_CLIENT_SECRET", problems);
        pair(environment, "TELEGRAM_BOT_NAME", "TELEGRAM_BOT_TOKEN", problems);
        String token = value(environment, "TELEGRAM_BOT_TOKEN");
        if (!token.isEmpty() && !token.matches("\\d+:[A-Za-z0-9_-]+")) {
            problems.add("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<secret>)");
        }
        String smtpPort = value(environment, "SMTP_PORT");
        if (!smtpPort.isEmpty() && !smtpPort.matches("\\d{1,5}")) {
            problems.add("SMTP_PORT must be a port number, got '" + smtpPort + "'");
        }
        boolean anySignin = List.of(
                        "VK_CLIENT_ID",
                        "GOOGLE_CLIENT_ID",
                        "YANDEX_CLIENT_ID",
                        "TELEGRAM_BOT_TOKEN",
                        "TELEGRAM_OIDC_CLIENT_ID",
                        "SMTP_HOST")
                .stream()
                .anyMatch(name -> !value(environment, name).isEmpty());
        if (!anySignin) {
            problems.add("No sign-in method is configured: set VK_CLIENT_ID, GOOGLE_CLIENT_ID, YANDEX_CLIENT_ID,"
                    + " TELEGRAM_BOT_TOKEN or SMTP_HOST");
        }
        return problems;
    }

    private static void url(Environment environment, String name, boolean https, List<String> problems) {
        String value = value(environment, name);
        if (value.isEmpty()) {
            problems.add(name + " is missing");
            return;
        }
        try {
            URI uri = URI.create(value);
            // Plain http only for a local run on this machine, as the original documents it.
            boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            boolean web = "https".equals(uri.getScheme()) || ((!https || local) && "http".equals(uri.getScheme()));
            if (!web || uri.getHost() == null) {
                problems.add(
                        name + " must be an " + (https ? "https" : "http(s)") + ":// address, got '" + value + "'");
            }
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not an address: '" + value + "'");
        }
    }

    private static void pair(Environment environment, String id, String secret, List<String> problems) {
        boolean hasId = !value(environment, id).isEmpty();
        boolean hasSecret = !value(environment, secret).isEmpty();
        if (hasId != hasSecret) {
            problems.add((hasId ? secret : id) + " is missing: " + id + " and " + secret + " go together");
        }
    }

    private static String value(Environment environment, String name) {
        String value = environment.getProperty(name);
        return value == null ? "" : value.trim();
    }
}
