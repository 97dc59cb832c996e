package ru.myservice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configuration table of README.md as operators read it, so tests can hold the code and the
 * deployment files to it.
 */
public final class ReadmeSettings {

    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");

    private ReadmeSettings() {}

    /**
     * One row of the table.
     *
     * @param names the variables of its first column
     * @param defaultColumn its "Default" column, verbatim (e.g. {@code `5m`} or {@code — (required)})
     */
    public record Row(List<String> names, String defaultColumn) {

        /** The default's first value in backquotes; none for a row like {@code —}. */
        public Optional<String> firstDefault() {
            return QUOTED.matcher(defaultColumn).results().map(m -> m.group(1)).findFirst();
        }

        public boolean required() {
            return defaultColumn.toLowerCase().contains("required");
        }
    }

    public static List<Row> rows() {
        String readme;
        try {
            readme = Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf("\n## Configuration");
        int end = readme.indexOf("\n## ", start + 1);
        List<Row> rows = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split(" \\| ");
                var names =
                        NAME.matcher(cells[0]).results().map(m -> m.group(1)).toList();
                rows.add(new Row(names, cells[1]));
            }
        }
        return rows;
    }

    public static Row row(String name) {
        return rows().stream()
                .filter(row -> row.names().contains(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in README's configuration table"));
    }
}
