package ru.myservice.signin;

/**
 * What a page needs to show the Telegram button: the bot's id for the widget's JavaScript API, and
 * where that script comes from.
 */
public record TelegramButton(String botId, String botName, String widgetUrl) {

    static TelegramButton of(TelegramProperties settings) {
        return new TelegramButton(
                settings.botId(), settings.botName(), settings.widgetUrl().toString());
    }
}
