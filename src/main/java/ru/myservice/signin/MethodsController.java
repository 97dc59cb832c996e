package ru.myservice.signin;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /** Methods a confirmation can go through: those that send the person to the provider and back. */
    private static final Set<Provider> CONFIRMABLE = Set.of(Provider.VK, Provider.GOOGLE, Provider.YANDEX);

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

    /** «Подтвердите, что это вы»: a sign-in button for each method of this account that can confirm. */
    @GetMapping("/confirm")
    String confirm(
            Authentication authentication,
            @RequestParam(required = false) @Nullable String error,
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String then,
            Model model) {
        var account = accounts.find(SigninMethods.accountId(authentication));
        if (account.isEmpty()) {
            return "redirect:/signin";
        }
        List<Provider> usable = account.get().identities().stream()
                .map(identity -> identity.provider())
                .filter(CONFIRMABLE::contains)
                .filter(methods.available()::contains)
                .distinct()
                .toList();
        String problem =
                error == null ? null : "notyours".equals(error) ? "confirm.error.notyours" : "confirm.error.failed";
        Provider failedWith =
                Optional.ofNullable(provider).flatMap(Provider::byId).orElse(null);
        model.addAttribute(
                "view", new ConfirmView(usable, problem, failedWith, "delete".equals(then) ? "delete" : null));
        return "signin/confirm";
    }

    @PostMapping("/confirm/{provider}")
    String startConfirming(
            Authentication authentication,
            @PathVariable String provider,
            @RequestParam(required = false) @Nullable String then,
            HttpSession session) {
        limits.take(SigninMethods.accountId(authentication), AccountActionLimits.Action.CONFIRM);
        var account = accounts.find(SigninMethods.accountId(authentication));
        Optional<Provider> chosen = Provider.byId(provider)
                .filter(CONFIRMABLE::contains)
                .filter(methods.available()::contains)
                .filter(p -> account.map(a -> a.has(p)).orElse(false));
        if (chosen.isEmpty()) {
            return "redirect:/confirm?error=failed";
        }
        session.removeAttribute(SigninAccounts.LINK_INTENT);
        session.setAttribute(SigninAccounts.CONFIRM_INTENT, chosen.get().id());
        // Where the person was going: deleting the account returns there; anything else to the dashboard.
        session.setAttribute(SigninAccounts.CONFIRM_THEN, "delete".equals(then) ? "/account/delete" : "/dashboard");
        return "redirect:/oauth2/authorization/" + chosen.get().id();
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
