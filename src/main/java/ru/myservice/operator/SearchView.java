package ru.myservice.operator;

import java.util.List;
import java.util.Locale;

/**
 * A search as its page shows it.
 *
 * @param query the text searched for, kept in the form
 * @param found the accounts, the surest matches first
 */
public record SearchView(String query, List<AccountSearch.Found> found, Outcome outcome) {

    public enum Outcome {
        FOUND,
        /** As many as a search shows: there may be more, and a longer text would narrow it. */
        TOO_MANY,
        NONE,
        TOO_SHORT;

        /** The message key of what the page says about the search. */
        public String key() {
            return "operator.search.outcome." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** The message key of what a match was found by, e.g. «по e-mail». */
    public static String matchedKey(AccountSearch.Field field) {
        return "operator.search.matched." + field.name().toLowerCase(Locale.ROOT);
    }
}
