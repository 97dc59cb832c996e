package ru.myservice.signin;

import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Provider;

/**
 * The sessions page: one line per signed-in device, this one first.
 *
 * @param notice a message key saying what the last action did, or null
 */
public record SessionsView(List<Line> lines, @Nullable String notice) {

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
