package ru.myservice.spend.tokens;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import ru.myservice.spend.SpendCaller.Right;

/**
 * The clients allowed to call the spend API and the rights of each, from {@code SPEND_CLIENTS}: comma-separated
 * {@code clientId:right|right} entries, rights among {@code read}, {@code charge} and {@code refund}.
 */
record SpendClients(Map<String, Set<Right>> rights) {

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]+");

    SpendClients {
        rights = Collections.unmodifiableMap(new LinkedHashMap<>(rights));
    }

    static SpendClients parse(String text) {
        Map<String, Set<Right>> rights = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String clientId = colon < 0 ? trimmed : trimmed.substring(0, colon).strip();
            String list = colon < 0 ? "" : trimmed.substring(colon + 1).strip();
            if (!CLIENT_ID.matcher(clientId).matches()) {
                throw new IllegalArgumentException(
                        "SPEND_CLIENTS entry '" + trimmed + "' does not start with a Casdoor client id");
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("SPEND_CLIENTS entry '" + trimmed + "' names no rights; write it as "
                        + clientId + ":read|charge|refund");
            }
            Set<Right> granted = EnumSet.noneOf(Right.class);
            for (String right : list.split("\\|")) {
                granted.add(right(right.strip(), trimmed));
            }
            if (rights.put(clientId, Set.copyOf(granted)) != null) {
                throw new IllegalArgumentException("SPEND_CLIENTS names " + clientId + " twice");
            }
        }
        return new SpendClients(rights);
    }

    private static Right right(String name, String entry) {
        for (Right right : Right.values()) {
            if (right.name().toLowerCase(Locale.ROOT).equals(name)) {
                return right;
            }
        }
        throw new IllegalArgumentException(
                "SPEND_CLIENTS entry '" + entry + "' has an unknown right '" + name + "' (read, charge or refund)");
    }

    boolean allows(String clientId) {
        return rights.containsKey(clientId);
    }

    /** The client's rights; empty for a client not on the list. */
    Set<Right> of(String clientId) {
        return rights.getOrDefault(clientId, Set.of());
    }

    boolean isEmpty() {
        return rights.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        rights.forEach((client, granted) -> out.append(out.isEmpty() ? "" : ", ")
                .append(client)
                .append(' ')
                .append(granted.stream().sorted().toList()));
        return out.toString();
    }
}
