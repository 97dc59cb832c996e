package ru.myservice.topup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import ru.myservice.config.ContentSecurityPolicySource;

/** The payment widget's hosts, and no others, for the dashboard's Content-Security-Policy. */
@Component
class WidgetPolicy implements ContentSecurityPolicySource {

    private final TopupProperties settings;

    WidgetPolicy(TopupProperties settings) {
        this.settings = settings;
    }

    @Override
    public Map<String, List<String>> sources() {
        List<String> frames = new ArrayList<>(List.of(settings.widgetOrigin()));
        frames.addAll(settings.frameSources().stream().filter(s -> !s.isBlank()).toList());
        return Map.of(
                "script-src", List.of(settings.widgetOrigin()),
                "frame-src", frames,
                "connect-src", List.of(settings.widgetOrigin()));
    }
}
