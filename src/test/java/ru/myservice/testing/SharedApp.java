package ru.myservice.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import ru.myservice.sandbox.FakeCasdoor;
import ru.myservice.sandbox.FakeProviders;
import ru.myservice.sandbox.FakeTelegram;

/**
 * The instance most integration tests share: started once per test JVM, stopped with it, with every
 * sign-in method on (the OAuth fakes, a Telegram bot, an SMTP server). Tests keep out of each other's
 * way by using their own provider user ids and addresses.
 */
public final class SharedApp {

    public static final String TELEGRAM_BOT = "myservice_test_bot";
    public static final String TELEGRAM_TOKEN = "7000000001:test-telegram-bot-token";

    private static FakeProviders providers;
    private static FakeTelegram telegram;
    private static TestMail mail;
    private static FakeCasdoor casdoor;
    private static AppInstance app;

    private SharedApp() {}

    public static synchronized AppInstance app() {
        if (app == null) {
            app = AppInstance.start(providers(), signinSettings());
            Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        }
        return app;
    }

    /** Telegram, e-mail and the operator console's settings that point at this JVM's stand-ins. */
    public static synchronized Map<String, String> signinSettings() {
        Map<String, String> settings = new HashMap<>(mail().settings());
        settings.put("myservice.signin.telegram.bot-name", TELEGRAM_BOT);
        settings.put("myservice.signin.telegram.bot-token", TELEGRAM_TOKEN);
        settings.put(
                "myservice.signin.telegram.widget-url",
                telegram().widgetScriptUri().toString());
        settings.putAll(StaffSignin.settings(casdoor()));
        return settings;
    }

    public static synchronized FakeProviders providers() {
        if (providers == null) {
            providers = FakeProviders.start(0);
            providers.setSlowDelay(Duration.ofSeconds(4));
            Runtime.getRuntime().addShutdownHook(new Thread(providers::close));
        }
        return providers;
    }

    public static synchronized FakeTelegram telegram() {
        if (telegram == null) {
            telegram = FakeTelegram.start(0);
            telegram.registerBot(TELEGRAM_BOT, TELEGRAM_TOKEN);
            Runtime.getRuntime().addShutdownHook(new Thread(telegram::close));
        }
        return telegram;
    }

    /** The Casdoor stand-in staff sign in to the console at (see {@link StaffSignin}). */
    public static synchronized FakeCasdoor casdoor() {
        if (casdoor == null) {
            casdoor = FakeCasdoor.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(casdoor::close));
        }
        return casdoor;
    }

    public static synchronized TestMail mail() {
        if (mail == null) {
            mail = TestMail.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(mail::close));
        }
        return mail;
    }
}
