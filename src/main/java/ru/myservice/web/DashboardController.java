package ru.myservice.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;
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
import ru.myservice.wallet.WalletService;

@Controller
class DashboardController {

    /** Dates on our pages are Moscow time, as the business runs on it. */
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    private final AccountService accounts;
    private final WalletService wallets;
    private final SigninMethods signin;

    DashboardController(AccountService accounts, WalletService wallets, SigninMethods signin) {
        this.accounts = accounts;
        this.wallets = wallets;
        this.signin = signin;
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
        String balance = wallets.balance(account.id()).format(locale);
        model.addAttribute("view", new DashboardView(account, balance, methods, linkable, notice, problem));
        return "web/dashboard";
    }
}
