package ru.myservice.signin;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;

/**
 * Sensitive changes to the sign-in methods: unlinking one, and the confirmation (signing in again)
 * that linking and unlinking need when the last sign-in is older than {@link FreshSignin#WINDOW}.
 */
@Controller
class MethodsController {

    private final AccountService accounts;
    private final SigninMethods methods;
    private final FreshSignin fresh;
    private final AccountActionLimits limits;

    MethodsController(AccountService accounts, SigninMethods methods, FreshSignin fresh, AccountActionLimits limits) {
        this.accounts = accounts;
        this.methods = methods;
        this.fresh = fresh;
        this.limits = limits;
    }

    /**
     * «Подтвердите, что это вы»: a sign-in button for each method of this account that works here, and
     * a «send me a code» button for each of its addresses. Opening it abandons any confirmation begun.
     */
    @GetMapping("/confirm")
    String confirm(
            Authentication authentication,
            @RequestParam(required = false) @Nullable String error,
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String then,
            HttpSession session,
            Model model) {
        var account = accounts.find(SigninMethods.accountId(authentication));
        if (account.isEmpty()) {
            return "redirect:/signin";
        }
        session.removeAttribute(SigninAccounts.CONFIRM_INTENT);
        session.removeAttribute(SigninAccounts.CONFIRM_THEN);
        List<Provider> usable = account.get().identities().stream()
                .map(identity -> identity.provider())
                .filter(methods.available()::contains)
                .distinct()
                .toList();
        List<String> addresses = methods.emailCodes()
                ? account.get().identities().stream()
                        .filter(identity -> identity.provider() == Provider.EMAIL)
                        .map(identity -> identity.subject())
                        .toList()
                : List.of();
        Provider failedWith =
                Optional.ofNullable(provider).flatMap(Provider::byId).orElse(null);
        model.addAttribute(
                "view",
                new ConfirmView(
                        usable,
                        addresses,
                        problem(error, failedWith),
                        failedWith,
                        "delete".equals(then) ? "delete" : null));
        return "signin/confirm";
    }

    private static @Nullable String problem(@Nullable String error, @Nullable Provider provider) {
        if (error == null) {
            return null;
        }
        if ("unsent".equals(error)) {
            return "confirm.error.unsent";
        }
        if (provider == Provider.EMAIL) {
            return "confirm.error.failedEmail";
        }
        return "notyours".equals(error) ? "confirm.error.notyours" : "confirm.error.failed";
    }

    /** Confirms by signing in again with a provider of this account (a code by e-mail has its own form). */
    @PostMapping("/confirm/{provider}")
    String startConfirming(
            Authentication authentication,
            @PathVariable String provider,
            @RequestParam(required = false) @Nullable String then,
            HttpSession session) {
        limits.take(SigninMethods.accountId(authentication), AccountActionLimits.Action.CONFIRM);
        var account = accounts.find(SigninMethods.accountId(authentication));
        Optional<Provider> chosen = Provider.byId(provider)
                .filter(methods.available()::contains)
                .filter(p -> account.map(a -> a.has(p)).orElse(false));
        if (chosen.isEmpty()) {
            return "redirect:/confirm?error=failed";
        }
        SigninAccounts.startConfirming(session, chosen.get(), then);
        return chosen.get() == Provider.TELEGRAM && methods.telegramButton() != null
                ? "redirect:/confirm/telegram"
                : "redirect:/oauth2/authorization/" + chosen.get().id();
    }

    /** Telegram's widget, for a confirmation begun above: its signed login posts to the usual place. */
    @GetMapping("/confirm/telegram")
    String confirmWithTelegram(HttpSession session, Model model) {
        TelegramButton button = methods.telegramButton();
        if (button == null || !Provider.TELEGRAM.id().equals(session.getAttribute(SigninAccounts.CONFIRM_INTENT))) {
            return "redirect:/confirm";
        }
        model.addAttribute("telegram", button);
        model.addAttribute("confirming", true);
        return "signin/telegram-widget";
    }

    /** Detaches a method; never the last one, and only after a fresh sign-in, whatever the page showed. */
    @PostMapping("/methods/{provider}/unlink")
    String unlink(Authentication authentication, @PathVariable String provider, HttpSession session) {
        Optional<Provider> chosen = Provider.byId(provider);
        if (chosen.isEmpty()) {
            return "redirect:/dashboard";
        }
        if (!fresh.isFresh(session)) {
            return "redirect:/confirm?then=unlink";
        }
        limits.take(SigninMethods.accountId(authentication), AccountActionLimits.Action.UNLINK);
        return switch (accounts.unlink(SigninMethods.accountId(authentication), chosen.get())) {
            case UNLINKED -> "redirect:/dashboard?unlinked=" + chosen.get().id();
            case LAST_METHOD ->
                "redirect:/dashboard?unlinkError=last&provider=" + chosen.get().id();
            case NOT_LINKED -> "redirect:/dashboard";
        };
    }
}
