package ru.myservice.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.signin.SigninMethods;
import ru.myservice.spend.SpendService;
import ru.myservice.topup.PaymentStatus;
import ru.myservice.topup.TopupService;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

@Controller
class DashboardController {

    /** Dates on our pages are Moscow time, as the business runs on it. */
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    private static final int SPENDING_LINES = 10;

    private static final String EXPIRED_ON_CONFIRMATION = "expired_on_confirmation";

    /** Cancellation reasons the history explains in words; others read as a plain "declined". */
    private static final Set<String> KNOWN_REASONS = Set.of(
            "expired_on_confirmation",
            "insufficient_funds",
            "general_decline",
            "3d_secure_failed",
            "card_expired",
            "fraud_suspected",
            "call_issuer",
            "invalid_card_number",
            "invalid_csc",
            "issuer_unavailable",
            "payment_method_limit_exceeded",
            "payment_method_restricted",
            "country_forbidden",
            "canceled_by_merchant",
            "permission_revoked",
            "internal_timeout");

    private final AccountService accounts;
    private final WalletService wallets;
    private final SigninMethods signin;
    private final TopupService topups;
    private final SpendService spending;

    DashboardController(
            AccountService accounts,
            WalletService wallets,
            SigninMethods signin,
            TopupService topups,
            SpendService spending) {
        this.accounts = accounts;
        this.wallets = wallets;
        this.signin = signin;
        this.topups = topups;
        this.spending = spending;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/dashboard";
    }

    @GetMapping("/dashboard")
    String dashboard(
            Authentication authentication,
            @RequestParam(required = false) @Nullable String linked,
            @RequestParam(required = false) @Nullable String linkError,
            @RequestParam(defaultValue = "1") int page,
            Locale locale,
            Model model) {
        Optional<Account> found = accounts.find(SigninMethods.accountId(authentication));
        if (found.isEmpty()) {
            // The session outlived its account (deleted by an operator): start over.
            return "redirect:/signin";
        }
        Account account = found.get();
        var dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(locale)
                .withZone(MOSCOW);
        var methods = account.identities().stream()
                .map(identity -> new DashboardView.MethodView(
                        identity.provider(),
                        identity.email() != null
                                ? identity.email()
                                : Optional.ofNullable(identity.displayName()).orElse(""),
                        dates.format(identity.linkedAt())))
                .toList();
        var linkable = signin.available().stream().filter(p -> !account.has(p)).toList();
        String notice = linked != null && Provider.byId(linked).isPresent() ? "dashboard.linked" : null;
        String problem =
                linkError == null ? null : "dashboard.linkError." + ("taken".equals(linkError) ? "taken" : "failed");
        var funds = wallets.funds(account.id());
        String balance = funds.balance().format(locale);
        String held = funds.held().compareTo(Money.ZERO) > 0 ? funds.held().format(locale) : null;
        var when = moments(locale);
        var spent = spending.recentCharges(account.id(), SPENDING_LINES).stream()
                .map(line -> new DashboardView.SpentView(
                        when.format(line.at()),
                        line.client(),
                        line.description(),
                        line.amount().format(locale),
                        line.refunded().compareTo(Money.ZERO) > 0
                                ? line.refunded().format(locale)
                                : null))
                .toList();
        var limits = topups.limits();
        var topup = new DashboardView.TopupView(
                limits.min().format(locale), limits.max().format(locale), topups.widgetScript());
        model.addAttribute(
                "view",
                new DashboardView(
                        account,
                        balance,
                        held,
                        funds.available().format(locale),
                        methods,
                        linkable,
                        notice,
                        problem,
                        topup,
                        history(account.id(), page, locale),
                        spent,
                        topups.open(account.id()).stream().map(UUID::toString).toList()));
        return "web/dashboard";
    }

    /** The history table alone, for the page to refresh after a payment without reloading. */
    @GetMapping("/dashboard/history")
    String history(
            Authentication authentication, @RequestParam(defaultValue = "1") int page, Locale locale, Model model) {
        model.addAttribute("history", history(SigninMethods.accountId(authentication), page, locale));
        return "web/history";
    }

    private HistoryView history(UUID accountId, int page, Locale locale) {
        var when = moments(locale);
        var found = topups.history(accountId, page);
        var lines = found.lines().stream()
                .map(line -> {
                    String shown = shownStatus(line);
                    boolean pending = line.status() == PaymentStatus.PENDING;
                    return new HistoryView.Line(
                            line.id().toString(),
                            when.format(line.createdAt()),
                            line.amount().format(locale),
                            shown,
                            "history.status." + shown,
                            note(line, shown),
                            line.status() == PaymentStatus.SUCCEEDED
                                            && line.refunded().compareTo(Money.ZERO) > 0
                                    ? line.refunded().format(locale)
                                    : null,
                            line.payable(),
                            pending && !line.dismissed());
                })
                .toList();
        return new HistoryView(lines, found.page(), found.pages());
    }

    /**
     * The status as the person sees it: a payment they dismissed reads «отменён вами» (until YooKassa's
     * answer says otherwise), and one whose time to pay ran out «истёк» rather than a decline.
     */
    private static String shownStatus(TopupService.PaymentLine line) {
        boolean expired = line.status() == PaymentStatus.CANCELED && EXPIRED_ON_CONFIRMATION.equals(line.reason());
        if (line.dismissed() && (line.status() == PaymentStatus.PENDING || expired)) {
            return "dismissed";
        }
        return expired ? "expired" : line.status().code();
    }

    /** The words under the status: why it was declined, or that a dismissed payment still counts if paid. */
    private static @Nullable String note(TopupService.PaymentLine line, String shown) {
        if (shown.equals("dismissed")) {
            return line.status() == PaymentStatus.PENDING ? "history.dismissedNote" : null;
        }
        if (line.reason() == null || shown.equals("expired")) {
            return null;
        }
        return "history.reason." + (KNOWN_REASONS.contains(line.reason()) ? line.reason() : "other");
    }

    /** Dates and times as the history and spending tables print them, in Moscow time. */
    private static DateTimeFormatter moments(Locale locale) {
        return DateTimeFormatter.ofPattern(
                        "en".equals(locale.getLanguage()) ? "MMM d, yyyy, HH:mm" : "dd.MM.yyyy HH:mm", locale)
                .withZone(MOSCOW);
    }
}
