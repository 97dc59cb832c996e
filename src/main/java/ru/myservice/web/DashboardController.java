package ru.myservice.web;

import java.util.List;
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
import ru.myservice.config.PageReads;
import ru.myservice.signin.SigninMethods;
import ru.myservice.spend.SpendService;
import ru.myservice.topup.PaymentStatus;
import ru.myservice.topup.TopupService;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

@Controller
class DashboardController {

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

    /** Why linking may end without a new method, each with its own advice; others read as "failed". */
    private static final Set<String> LINK_REASONS =
            Set.of("taken", "cancelled", "expired", "provider", "profile", "limited", "failed", "address");

    private final AccountService accounts;
    private final WalletService wallets;
    private final SigninMethods signin;
    private final TopupService topups;
    private final SpendService spending;
    private final PageReads reads;

    DashboardController(
            AccountService accounts,
            WalletService wallets,
            SigninMethods signin,
            TopupService topups,
            SpendService spending,
            PageReads reads) {
        this.reads = reads;
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
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String renamed,
            @RequestParam(required = false) @Nullable String confirmed,
            @RequestParam(required = false) @Nullable String unlinked,
            @RequestParam(required = false) @Nullable String unlinkError,
            @RequestParam(defaultValue = "1") String page,
            Locale locale,
            Model model) {
        UUID accountId = SigninMethods.accountId(authentication);
        // Everything the page shows, read in one statement.
        var accountRead = accounts.findRead(accountId);
        var fundsRead = wallets.fundsRead(accountId);
        var spentRead = spending.recentChargesRead(accountId, SPENDING_LINES);
        var historyRead = topups.historyRead(accountId, HistoryView.pageNumber(page));
        var openRead = topups.openRead(accountId);
        var read = reads.all(List.of(accountRead, fundsRead, spentRead, historyRead, openRead));
        Optional<Account> found = read.get(accountRead);
        if (found.isEmpty() || found.get().deleted()) {
            // The session outlived its account: start over.
            return "redirect:/signin";
        }
        Account account = found.get();
        var dates = Dates.in(locale);
        var methods = account.identities().stream()
                .map(identity -> new DashboardView.MethodView(
                        identity.provider(),
                        identity.email() != null
                                ? identity.email()
                                : Optional.ofNullable(identity.displayName()).orElse(""),
                        dates.day(identity.linkedAt())))
                .toList();
        var linkable = signin.available().stream().filter(p -> !account.has(p)).toList();
        boolean emailLinkable = signin.emailCodes() && !account.has(Provider.EMAIL);
        DashboardView.Alert alert;
        if (renamed != null) {
            alert = new DashboardView.Alert("success", "dashboard.renamed", null);
        } else if (confirmed != null) {
            alert = new DashboardView.Alert("success", "dashboard.confirmed", null);
        } else if (unlinked != null && Provider.byId(unlinked).isPresent()) {
            Provider gone = Provider.byId(unlinked).get();
            alert = new DashboardView.Alert(
                    "success", gone == Provider.EMAIL ? "dashboard.unlinkedEmail" : "dashboard.unlinked", gone);
        } else if (unlinkError != null) {
            alert = new DashboardView.Alert(
                    "error",
                    "dashboard.unlinkError.last",
                    Provider.byId(provider == null ? "" : provider).orElse(null));
        } else {
            alert = alert(linked, linkError, provider);
        }
        var funds = read.get(fundsRead);
        String balance = funds.balance().format(locale);
        String held = funds.held().compareTo(Money.ZERO) > 0 ? funds.held().format(locale) : null;
        var spent = read.get(spentRead).stream()
                .map(line -> new DashboardView.SpentView(
                        dates.moment(line.at()),
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
                        emailLinkable,
                        alert,
                        topup,
                        history(read.get(historyRead), locale),
                        spent,
                        read.get(openRead).stream().map(UUID::toString).toList()));
        return "web/dashboard";
    }

    /** The history table alone, for the page to refresh after a payment without reloading. */
    @GetMapping("/dashboard/history")
    String history(
            Authentication authentication, @RequestParam(defaultValue = "1") String page, Locale locale, Model model) {
        model.addAttribute(
                "history",
                history(topups.history(SigninMethods.accountId(authentication), HistoryView.pageNumber(page)), locale));
        return "web/history";
    }

    private HistoryView history(TopupService.HistoryPage found, Locale locale) {
        var dates = Dates.in(locale);
        var lines = found.lines().stream()
                .map(line -> {
                    String shown = shownStatus(line);
                    boolean pending = line.status() == PaymentStatus.PENDING;
                    return new HistoryView.Line(
                            line.id().toString(),
                            dates.moment(line.createdAt()),
                            line.amount().format(locale),
                            shown,
                            "history.status." + shown,
                            note(line, shown),
                            line.status() == PaymentStatus.SUCCEEDED
                                            && line.refunded().compareTo(Money.ZERO) > 0
                                    ? line.refunded().format(locale)
                                    : null,
                            line.payable(),
                            pending && !line.dismissed(),
                            HistoryView.Method.of(line.method()),
                            line.receiptStatus() == null ? null : "history.receipt." + line.receiptStatus());
                })
                .toList();
        return new HistoryView(lines, found.page(), found.pages());
    }

    /**
     * How linking a method went, from the redirect that ended it. The person's own cancellation is
     * news, not a failure; anything else names the provider and what to do next.
     */
    static DashboardView.@Nullable Alert alert(
            @Nullable String linked, @Nullable String linkError, @Nullable String provider) {
        if (linked != null) {
            return Provider.byId(linked)
                    .map(p -> new DashboardView.Alert(
                            "success", p == Provider.EMAIL ? "dashboard.linkedEmail" : "dashboard.linked", p))
                    .orElse(null);
        }
        if (linkError == null) {
            return null;
        }
        Provider about = Optional.ofNullable(provider).flatMap(Provider::byId).orElse(null);
        String reason = LINK_REASONS.contains(linkError) ? linkError : "failed";
        if (about == Provider.EMAIL && ("taken".equals(reason) || "address".equals(reason))) {
            // An address is not «an account of» a provider: its own words.
            return new DashboardView.Alert("error", "dashboard.linkError." + reason + "Email", about);
        }
        return new DashboardView.Alert(
                "cancelled".equals(reason) ? "info" : "error", "dashboard.linkError." + reason, about);
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
}
