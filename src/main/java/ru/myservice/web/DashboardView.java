package ru.myservice.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Account;
import ru.myservice.account.Provider;

/**
 * The dashboard: who is signed in, their balance, their sign-in methods and which more they can link.
 *
 * @param balance already formatted for the reader's language, e.g. {@code 0,00 ₽}
 * @param held what the site's services have reserved (formatted), or null when nothing is
 * @param available the balance less what is held (formatted), shown with {@code held}
 * @param spending the latest charges by the site's services, newest first
 * @param emailLinkable whether an e-mail address can be added as a way to sign in (codes by e-mail work
 *     here and the account has none yet)
 * @param alert news to show once, at the top (how linking a method went), or null
 * @param openPayments ids of the person's pending payments that may still be paid, which the page
 *     watches to say when one arrives
 */
public record DashboardView(
        Account account,
        String balance,
        @Nullable String held,
        String available,
        List<MethodView> methods,
        List<Provider> linkable,
        boolean emailLinkable,
        @Nullable Alert alert,
        TopupView topup,
        HistoryView history,
        List<SpentView> spending,
        List<String> openPayments) {

    /**
     * A charge as the dashboard lists it.
     *
     * @param refunded the part given back (formatted), or null when none
     */
    public record SpentView(
            String when,
            String service,
            @Nullable String description,
            String amount,
            @Nullable String refunded) {}

    /**
     * The top-up form.
     *
     * @param min smallest amount, formatted
     * @param max largest amount, formatted
     * @param widgetScript YooKassa's widget script, loaded when the person starts paying
     */
    public record TopupView(String min, String max, String widgetScript) {}

    /**
     * One line of news at the top of the page.
     *
     * @param tone {@code success}, {@code info} (the person's own choice) or {@code error}
     * @param key its message key, with the provider's name as {@code {0}}
     * @param provider the provider it is about, if known
     */
    public record Alert(String tone, String key, @Nullable Provider provider) {

        public boolean urgent() {
            return "error".equals(tone);
        }
    }

    /** A linked sign-in method as listed on the dashboard. */
    public record MethodView(Provider provider, String detail, String linkedOn) {}

    public String initials() {
        return initialsOf(account.displayName());
    }

    /** Up to two letters of a name for where no picture is shown: «Анна Смирнова» is «АС». */
    static String initialsOf(String displayName) {
        String name = displayName.trim();
        if (name.isEmpty()) {
            return "?";
        }
        String[] parts = name.split("\\s+");
        String first = parts[0].substring(0, 1);
        String second = parts.length > 1 ? parts[1].substring(0, 1) : "";
        return (first + second).toUpperCase();
    }
}
