package ru.myservice.sandbox;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.myservice.MyServiceApplication;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.TestDatabase;
import ru.myservice.testing.TestMail;

/**
 * The sandbox: the real application with an embedded PostgreSQL and local stand-ins for every
 * outside service, on http://localhost:8081. Started by {@code ./mvnw spring-boot:test-run}; none of
 * this is in the production jar.
 *
 * <p>Environment: {@code PORT} (default 8081), {@code SANDBOX_PROVIDERS_PORT} (default 8090), {@code
 * SANDBOX_CASDOOR_PORT} (default 8000, where the original deployment's Casdoor listens), {@code
 * SANDBOX_YOOKASSA_PORT} (default 8070), {@code SANDBOX_TELEGRAM_PORT} (8060), {@code SANDBOX_SMTP_PORT}
 * (2525), {@code SANDBOX_INBOX_PORT} (8025, the page listing the letters sent) and {@code SANDBOX_AI_PORT}
 * (8050, the demo AI service that spends the balance).
 *
 * <p>The operator console at {@code /operator} signs staff in through the Casdoor stand-in's application {@code
 * Operator} (client {@code sandbox-operator}): {@code operator} may act, {@code auditor} may only look, {@code
 * visitor} is not staff.
 *
 * <p>The spend API accepts the Casdoor stand-in's tokens of the client {@code ai-demo} (secret {@code
 * ai-demo-secret}), with every right; the app reads the stand-in's certificate from a file, as from
 * CASDOOR_CERT_FILE.
 */
public final class SandboxApplication {

    private static final Logger log = LoggerFactory.getLogger(SandboxApplication.class);

    private SandboxApplication() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
        int providersPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_PROVIDERS_PORT", "8090"));
        int casdoorPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_CASDOOR_PORT", "8000"));
        int yookassaPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_YOOKASSA_PORT", "8070"));
        int telegramPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_TELEGRAM_PORT", "8060"));
        int smtpPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_SMTP_PORT", "2525"));
        int inboxPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_INBOX_PORT", "8025"));
        int aiPort = Integer.parseInt(System.getenv().getOrDefault("SANDBOX_AI_PORT", "8050"));
        FakeProviders providers = FakeProviders.start(providersPort);
        providers.registerClient("vk", AppInstance.VK_CLIENT, AppInstance.VK_SECRET);
        providers.registerClient("google", AppInstance.GOOGLE_CLIENT, AppInstance.GOOGLE_SECRET);
        providers.registerClient("yandex", AppInstance.YANDEX_CLIENT, AppInstance.YANDEX_SECRET);
        FakeCasdoor casdoor = FakeCasdoor.start(casdoorPort);
        casdoor.registerApplication("myservice", "Myservice", "sandbox-casdoor-client", "sandbox-casdoor-secret");
        // An AI service of the spend API: its tokens come from POST /api/login/oauth/access_token.
        casdoor.registerApplication("myservice", "ai-demo", DemoAiService.CLIENT_ID, DemoAiService.CLIENT_SECRET);
        casdoor.tokens().setOrigin("http://localhost:" + casdoorPort);
        // The operator console's own application: staff pick operator, auditor or visitor on its sign-in page.
        casdoor.registerApplication("myservice", "Operator", "sandbox-operator", "sandbox-operator-secret");
        casdoor.oidc()
                .allowRedirect(
                        "sandbox-operator",
                        java.util.regex.Pattern.quote(
                                "http://localhost:" + port + "/operator/login/oauth2/code/casdoor"));
        FakeYooKassa yookassa = FakeYooKassa.start(yookassaPort);
        yookassa.registerShop("sandbox-shop", "test_sandbox_secret");
        yookassa.setWebhookUrl(java.net.URI.create("http://localhost:" + port + "/api/payment/webhook"));
        FakeTelegram telegram = FakeTelegram.start(telegramPort);
        telegram.registerBot("myservice_sandbox_bot", "7000000000:sandbox-telegram-bot-token");
        TestMail mail = TestMail.start(smtpPort);
        SandboxInbox.start(inboxPort, mail);
        Map<String, String> settings = AppInstance.settings(providers, port);
        settings.putAll(mail.settings());
        settings.put("myservice.signin.telegram.bot-name", "myservice_sandbox_bot");
        settings.put("myservice.signin.telegram.bot-token", "7000000000:sandbox-telegram-bot-token");
        settings.put(
                "myservice.signin.telegram.widget-url",
                telegram.widgetScriptUri().toString());
        settings.put("myservice.topup.shop-id", "sandbox-shop");
        settings.put("myservice.topup.secret-key", "test_sandbox_secret");
        settings.put("myservice.topup.api-url", yookassa.apiUri().toString());
        settings.put("myservice.topup.widget-url", yookassa.widgetScriptUri().toString());
        settings.put("myservice.topup.webhook-addresses", "127.0.0.1/32,::1/128");
        settings.put("myservice.topup.reconcile-after", "1m");
        settings.put("myservice.auth-url", "http://localhost:" + casdoorPort);
        settings.put("myservice.casdoor.endpoint", casdoor.baseUri().toString());
        settings.put("myservice.casdoor.client-id", "sandbox-casdoor-client");
        settings.put("myservice.casdoor.client-secret", "sandbox-casdoor-secret");
        settings.put(
                "myservice.spend.tokens.cert-file", casdoor.tokens().certFile().toString());
        settings.put("myservice.spend.tokens.clients", "ai-demo:read|charge|refund");
        settings.put("myservice.operator.client-id", "sandbox-operator");
        settings.put("myservice.operator.client-secret", "sandbox-operator-secret");
        settings.put("myservice.operator.application", "Operator");
        // Examples, so the footer shows what an operator's SITE_OFFER_URL, SITE_PRIVACY_URL and SITE_SUPPORT_EMAIL
        // give.
        settings.put("myservice.footer.offer-url", "https://example.ru/offer");
        settings.put("myservice.footer.privacy-url", "https://example.ru/privacy");
        settings.put("myservice.footer.support-email", "support@example.ru");
        settings.forEach(System::setProperty);
        System.setProperty("management.server.port", Integer.toString(port + 1000));
        System.setProperty("myservice.signin.read-timeout", "10s");
        log.info(
                "Sandbox: database {}, sign-in providers at {}, Casdoor at {}, YooKassa at {}",
                TestDatabase.jdbcUrl(),
                providers.baseUri(),
                casdoor.baseUri(),
                yookassa.baseUri());
        MyServiceApplication.main(args);
        DemoAiService.start(aiPort, casdoor.baseUri(), java.net.URI.create("http://localhost:" + port));
        log.info(
                "Sandbox ready: open http://localhost:{}/ (letters: http://localhost:{}/, the demo AI service:"
                        + " http://localhost:{}/, Casdoor's users: http://localhost:{}/, health:"
                        + " http://localhost:{}/actuator/health)",
                port,
                inboxPort,
                aiPort,
                casdoorPort,
                port + 1000);
    }
}
