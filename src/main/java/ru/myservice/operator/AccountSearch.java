package ru.myservice.operator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.account.AccountLookup;
import ru.myservice.account.AccountLookup.Summary;
import ru.myservice.config.PageReads;
import ru.myservice.spend.SpendLookup;
import ru.myservice.topup.PaymentLookup;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletReads;

/**
 * Finds accounts by whatever a customer or a colleague quotes: an account number, an e-mail or its
 * beginning, part of a name, a provider's user id, a YooKassa or our payment id, a service's charge or
 * hold reference. One text in; the accounts it names out, the surest matches first.
 */
@Service
public class AccountSearch {

    /** The most accounts one search shows; a text that matches more says too little. */
    public static final int LIMIT = 50;

    /** Longer than any key we keep (e-mails, references): such a text matches nothing. */
    static final int LONGEST = 320;

    private static final Pattern NUMBER = Pattern.compile("[#№]?\\s*(\\d{1,18})");
    private static final Pattern UUID_TEXT =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private final AccountLookup accounts;
    private final PaymentLookup payments;
    private final SpendLookup spending;
    private final WalletReads wallets;
    private final PageReads reads;

    AccountSearch(
            AccountLookup accounts,
            PaymentLookup payments,
            SpendLookup spending,
            WalletReads wallets,
            PageReads reads) {
        this.accounts = accounts;
        this.payments = payments;
        this.spending = spending;
        this.wallets = wallets;
        this.reads = reads;
    }

    /** What of the account the text matched, the surest first: a search lists accounts in this order. */
    public enum Field {
        ACCOUNT_NUMBER,
        PAYMENT_ID,
        YOOKASSA_PAYMENT_ID,
        SPEND_ID,
        SPEND_REFERENCE,
        PROVIDER_USER_ID,
        EMAIL,
        EMAIL_PREFIX,
        NAME
    }

    /**
     * An account a search found.
     *
     * @param matched the surest of what matched, when several did
     * @param deleted deleted by its owner: only the accounting records remain
     */
    public record Found(
            UUID accountId,
            long number,
            String displayName,
            @Nullable String email,
            boolean deleted,
            Money balance,
            Field matched) {}

    /**
     * The accounts {@code query} names, at most {@link #LIMIT}: ordered by how sure the match is, then
     * by account number. A query shorter than two characters finds nothing.
     */
    @Transactional(readOnly = true)
    public List<Found> find(String query) {
        String text = clean(query);
        if (text.codePointCount(0, text.length()) < 2 || text.length() > LONGEST) {
            return List.of();
        }
        var numberMatch = NUMBER.matcher(text);
        Long number = numberMatch.matches() ? Long.valueOf(numberMatch.group(1)) : null;
        UUID id = UUID_TEXT.matcher(text).matches() ? UUID.fromString(text) : null;

        var byAccount = accounts.matchesRead(text, number);
        var byPayment = payments.matchesRead(text, id);
        var bySpending = spending.matchesRead(text, id);
        var found = reads.all(List.of(byAccount, byPayment, bySpending));
        Map<UUID, Field> matched = new LinkedHashMap<>();
        found.get(byAccount).forEach(m -> note(matched, m.accountId(), field(m.key())));
        found.get(byPayment).forEach(m -> note(matched, m.accountId(), field(m.key())));
        found.get(bySpending).forEach(m -> note(matched, m.accountId(), field(m.key())));
        if (matched.isEmpty()) {
            return List.of();
        }

        var summariesRead = accounts.summariesRead(matched.keySet());
        var balancesRead = wallets.balancesRead(matched.keySet());
        var details = reads.all(List.of(summariesRead, balancesRead));
        Map<UUID, Summary> summaries = details.get(summariesRead);
        Map<UUID, WalletReads.Stored> balances = details.get(balancesRead);
        List<Found> results = new ArrayList<>();
        matched.forEach((account, field) -> {
            Summary summary = summaries.get(account);
            if (summary != null) {
                var wallet = balances.get(account);
                results.add(new Found(
                        account,
                        summary.number(),
                        summary.displayName(),
                        summary.email(),
                        summary.deletedAt() != null,
                        wallet == null ? Money.ZERO : wallet.balance(),
                        field));
            }
        });
        results.sort(Comparator.comparing(Found::matched).thenComparingLong(Found::number));
        return results.size() > LIMIT ? List.copyOf(results.subList(0, LIMIT)) : List.copyOf(results);
    }

    /** Spaces around the text go, and characters nobody types (PostgreSQL text cannot even hold NUL). */
    private static String clean(String query) {
        StringBuilder text = new StringBuilder(query.length());
        query.codePoints().filter(c -> !Character.isISOControl(c)).forEach(text::appendCodePoint);
        return text.toString().strip();
    }

    private static void note(Map<UUID, Field> matched, UUID account, Field field) {
        matched.merge(account, field, (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }

    private static Field field(AccountLookup.Key key) {
        return switch (key) {
            case NUMBER -> Field.ACCOUNT_NUMBER;
            case PROVIDER_USER_ID -> Field.PROVIDER_USER_ID;
            case EMAIL -> Field.EMAIL;
            case EMAIL_PREFIX -> Field.EMAIL_PREFIX;
            case NAME -> Field.NAME;
        };
    }

    private static Field field(PaymentLookup.Key key) {
        return switch (key) {
            case YOOKASSA_PAYMENT_ID -> Field.YOOKASSA_PAYMENT_ID;
            case PAYMENT_ID -> Field.PAYMENT_ID;
        };
    }

    private static Field field(SpendLookup.Key key) {
        return switch (key) {
            case SPEND_REFERENCE -> Field.SPEND_REFERENCE;
            case SPEND_ID -> Field.SPEND_ID;
        };
    }
}
