package ru.myservice.signin;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A browser's User-Agent in words a person recognises («Chrome, Android»). Only the common browsers and
 * systems are named; the raw string is never shown, as it means nothing to people.
 */
final class UserAgents {

    /** Checked in order: several browsers also name the engines they are built on (Edge says Chrome). */
    private static final List<String[]> BROWSERS = List.of(
            new String[] {"YaBrowser/", "Яндекс Браузер", "Yandex Browser"},
            new String[] {"Edg/", "Edge", "Edge"},
            new String[] {"OPR/", "Opera", "Opera"},
            new String[] {"SamsungBrowser/", "Samsung Internet", "Samsung Internet"},
            new String[] {"Firefox/", "Firefox", "Firefox"},
            new String[] {"FxiOS/", "Firefox", "Firefox"},
            new String[] {"CriOS/", "Chrome", "Chrome"},
            new String[] {"Chromium/", "Chromium", "Chromium"},
            new String[] {"Chrome/", "Chrome", "Chrome"},
            new String[] {"Safari/", "Safari", "Safari"});

    private static final List<String[]> SYSTEMS = List.of(
            new String[] {"iPhone", "iPhone"},
            new String[] {"iPad", "iPad"},
            new String[] {"Android", "Android"},
            new String[] {"Windows", "Windows"},
            new String[] {"Mac OS X", "macOS"},
            new String[] {"Macintosh", "macOS"},
            new String[] {"CrOS", "ChromeOS"},
            new String[] {"Linux", "Linux"});

    private UserAgents() {}

    /** The browser's name, or null when it is not one we know. */
    static @Nullable String browser(@Nullable String userAgent, Locale locale) {
        if (userAgent == null) {
            return null;
        }
        boolean english = "en".equals(locale.getLanguage());
        for (String[] browser : BROWSERS) {
            if (userAgent.contains(browser[0])) {
                return english ? browser[2] : browser[1];
            }
        }
        return null;
    }

    /**
     * Browser and system as kept in the activity list («Chrome, Android»), in their own names so the
     * record reads the same in any language; null when neither is recognised.
     */
    static @Nullable String label(@Nullable String userAgent) {
        String browser = browser(userAgent, Locale.ENGLISH);
        String system = system(userAgent);
        if (browser == null || system == null) {
            return browser == null ? system : browser;
        }
        return browser + ", " + system;
    }

    /** A kept label for a reader: the one browser whose name differs in Russian. */
    static String localize(String label, Locale locale) {
        return "en".equals(locale.getLanguage()) ? label : label.replace("Yandex Browser", "Яндекс Браузер");
    }

    /** The operating system's name, or null when it is not one we know. */
    static @Nullable String system(@Nullable String userAgent) {
        if (userAgent == null) {
            return null;
        }
        for (String[] system : SYSTEMS) {
            if (userAgent.contains(system[0])) {
                return system[1];
            }
        }
        return null;
    }
}
