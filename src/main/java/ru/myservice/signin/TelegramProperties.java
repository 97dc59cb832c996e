package ru.myservice.signin;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Telegram's Login Widget. Off unless both the bot's name and token are set.
 *
 * @param botToken the bot's token from @BotFather; it is the key the widget's data is signed with
 * @param maxAge signed data older than this is refused (Telegram itself sets no limit)
 */
@ConfigurationProperties("myservice.signin.telegram")
record TelegramProperties(String botName, String botToken, URI widgetUrl, Duration maxAge) {

    boolean enabled() {
        return !botName.isBlank() && botToken.contains(":");
    }

    /** The numeric bot id the widget's JavaScript API asks for: the token's part before the colon. */
    String botId() {
        return botToken.substring(0, botToken.indexOf(':'));
    }

    String widgetOrigin() {
        return widgetUrl.getScheme() + "://" + widgetUrl.getRawAuthority();
    }

    @Override
    public String toString() {
        return "TelegramProperties[botName=" + botName + ", widgetUrl=" + widgetUrl + ", maxAge=" + maxAge + "]";
    }
}
