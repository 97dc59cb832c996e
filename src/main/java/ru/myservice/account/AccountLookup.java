package ru.myservice.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PageRead;
import ru.myservice.config.PageReads;
import ru.myservice.config.Row;
import tools.jackson.databind.JsonNode;

/**
 * Finding accounts by what staff are told on the phone or in a letter: the account number, an e-mail
 * (whole or its beginning), a name, or a provider's user id; and the few facts that tell the accounts
 * found apart.
 */
@Component
public class AccountLookup {

    /** At most this many accounts per kind of key; more means the text says too little. */
    public static final int PER_KEY = 51;

    private final PageReads reads;

    AccountLookup(PageReads reads) {
        this.reads = reads;
    }

    /** What of the account matched the text, strongest first. */
    public enum Key {
        NUMBER,
        PROVIDER_USER_ID,
        EMAIL,
        EMAIL_PREFIX,
        NAME
    }

    /** One account that a text matched, and by what. */
    public record Match(UUID accountId, Key key) {}

    /** An account as a list of found accounts shows it. */
    public record Summary(
            UUID id,
            long number,
            String displayName,
            @Nullable String email,
            @Nullable Instant deletedAt) {}

    /**
     * The accounts whose number is {@code number} (when given), whose main or a method's e-mail is or
     * begins with {@code text}, whose name or a method's name contains it, or that a method with {@code
     * text} as its provider user id belongs to; each kind of key gives at most {@link #PER_KEY} accounts,
     * the lowest numbers. Case is ignored; {@code %} and {@code _} in the text are plain characters.
     */
    public PageRead<List<Match>> matchesRead(String text, @Nullable Long number) {
        String lowered = text.toLowerCase(Locale.ROOT);
        String literal = lowered.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        Map<String, Object> params = new HashMap<>();
        params.put("find_text", text);
        params.put("find_prefix", literal + "%");
        params.put("find_contains", "%" + literal + "%");
        params.put("find_number", number == null ? -1L : number);
        params.put("find_limit", PER_KEY);
        return new PageRead<>("""
                select json_agg(json_build_object('account_id', m.account_id, 'key', m.key))
                from (
                    (select id as account_id, 'NUMBER' as key from accounts where number = :find_number)
                    union all
                    (select i.account_id, 'PROVIDER_USER_ID' from identities i join accounts a on a.id = i.account_id
                     where i.subject = :find_text order by a.number limit :find_limit)
                    union all
                    (select id, case when lower(email) = lower(:find_text) then 'EMAIL' else 'EMAIL_PREFIX' end
                     from accounts where lower(email) like lower(:find_prefix) escape '\\'
                     order by number limit :find_limit)
                    union all
                    (select i.account_id,
                            case when lower(i.email) = lower(:find_text) then 'EMAIL' else 'EMAIL_PREFIX' end
                     from identities i join accounts a on a.id = i.account_id
                     where lower(i.email) like lower(:find_prefix) escape '\\'
                     order by a.number limit :find_limit)
                    union all
                    (select id, 'NAME' from accounts where lower(display_name) like lower(:find_contains) escape '\\'
                     order by number limit :find_limit)
                    union all
                    (select i.account_id, 'NAME' from identities i join accounts a on a.id = i.account_id
                     where lower(i.display_name) like lower(:find_contains) escape '\\'
                     order by a.number limit :find_limit)
                ) m
                """, params, found -> {
            List<Match> matches = new ArrayList<>();
            if (found != null) {
                for (JsonNode match : found) {
                    Row row = Row.of(match);
                    matches.add(new Match(row.uuid("account_id"), Key.valueOf(row.string("key"))));
                }
            }
            return matches;
        });
    }

    /** The accounts of these ids that exist, by id. */
    public PageRead<Map<UUID, Summary>> summariesRead(Collection<UUID> ids) {
        return new PageRead<>("""
                select json_agg(json_build_object('id', id, 'number', number, 'display_name', display_name,
                                                  'email', email, 'deleted_at', deleted_at))
                from accounts where id = any(cast(:summary_ids as uuid[]))
                """, Map.of("summary_ids", ids.toArray(UUID[]::new)), found -> {
            Map<UUID, Summary> summaries = new HashMap<>();
            if (found != null) {
                for (JsonNode account : found) {
                    Row row = Row.of(account);
                    summaries.put(
                            row.uuid("id"),
                            new Summary(
                                    row.uuid("id"),
                                    row.number("number"),
                                    row.string("display_name"),
                                    row.nullableString("email"),
                                    row.nullableInstant("deleted_at")));
                }
            }
            return summaries;
        });
    }

    /** The numbers of these accounts, by id. */
    @Transactional(readOnly = true)
    public Map<UUID, Long> numbers(Collection<UUID> ids) {
        Map<UUID, Long> numbers = new HashMap<>();
        for (Entry<UUID, Summary> summary : reads.one(summariesRead(ids)).entrySet()) {
            numbers.put(summary.getKey(), summary.getValue().number());
        }
        return numbers;
    }
}
