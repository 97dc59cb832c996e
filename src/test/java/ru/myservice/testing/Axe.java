package ru.myservice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** axe-core (vendored under test resources) run on the page a browser shows: its serious and critical problems. */
public final class Axe {

    private static final String SCRIPT = resource("/axe-core/axe.min.js");

    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            window.axe.configure({ checks: [{ id: 'color-contrast', options: { ignoreLength: true } }] });
            window.axe.run(document, { iframes: false, resultTypes: ['violations'] })
                .then((results) => done(results.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => v.id + ' (' + v.impact + ') ' + v.help + ': '
                        + v.nodes.map((n) => n.target.join(' ')).join(', '))))
                .catch((error) => done(['axe-error (critical) ' + String(error)]));
            """;

    private Axe() {}

    /** One line per serious or critical violation, each prefixed with {@code where}; empty when there is none. */
    @SuppressWarnings("unchecked")
    public static List<String> problems(WebDriver driver, String where) {
        var js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return window.axe !== undefined"))) {
            // Run by the test browser itself, so the page's policy need not allow any script for it.
            js.executeScript(SCRIPT);
        }
        return ((List<Object>) js.executeAsyncScript(RUN))
                .stream().map(line -> where + ": " + line).toList();
    }

    private static String resource(String name) {
        try (InputStream in = Axe.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
