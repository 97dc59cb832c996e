package ru.myservice.spend.tokens;

import org.jspecify.annotations.Nullable;

/** A value from a refused token, fit for a log line: short, and unable to start a line of its own. */
final class Printable {

    private static final int MAX = 200;

    private Printable() {}

    static String of(@Nullable Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 1);
        for (int i = 0; i < text.length() && out.length() < MAX; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() > MAX ? out.append('…').toString() : out.toString();
    }
}
