package ru.myservice.signin;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import ru.myservice.config.ContentSecurityPolicySource;

/** Telegram's widget script, and only when Telegram is set up, for the pages' Content-Security-Policy. */
@Component
class TelegramPolicy implements ContentSecurityPolicySource {

    private final TelegramProperties settings;

    TelegramPolicy(TelegramProperties settings) {
        this.settings = settings;
    }

    @Override
    public Map<String, List<String>> sources() {
        return settings.enabled() ? Map.of("script-src", List.of(settings.widgetOrigin())) : Map.of();
    }
}
