package ru.myservice.signin;

import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Provider;

/**
 * The sessions page: one line per signed-in device, this one first, and what happened to the account.
 *
 * @param notice a message key saying what the last action did, or null
 */
public record SessionsView(
        List<Line> lines, List<Event> activity, @Nullable String notice) {

    /**
     * One line of the account's activity list.
     *
     * @param key message key; {@code {0}} is the provider's name, {@code {1}} the device, {@code {2}} the detail
     */
    public record Event(
            String key,
            @Nullable Provider provider,
            @Nullable String device,
            @Nullable String detail,
            String when) {}

    /**
     * @param key names the session in forms (a digest, never the session id)
     * @param browser e.g. «Chrome», or null when not recognised
     * @param system e.g. «Android», or null when not recognised
     * @param method the sign-in method it began with, or null if unknown
     * @param signedInAt formatted, or null if unknown
     * @param lastActive formatted
     */
    public record Line(
            String key,
            @Nullable String browser,
            @Nullable String system,
            @Nullable Provider method,
            @Nullable String signedInAt,
            String lastActive,
            boolean current) {}

    public boolean hasOthers() {
        return lines.stream().anyMatch(line -> !line.current());
    }
}
