package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.AccountService;
import ru.myservice.account.Activity;
import ru.myservice.account.Provider;

@Controller
class SigninController {

    private static final Logger log = LoggerFactory.getLogger(SigninController.class);

    private final SigninMethods methods;
    private final EmailSigninController email;
    private final SessionDevices sessions;
    private final AccountService accounts;
    private final FreshSignin fresh;

    SigninController(
            SigninMethods methods,
            EmailSigninController email,
            SessionDevices sessions,
            AccountService accounts,
            FreshSignin fresh) {
        this.accounts = accounts;
        this.fresh = fresh;
        this.methods = methods;
        this.email = email;
        this.sessions = sessions;
    }

    @GetMapping("/signin")
    String signin(
            @RequestParam(required = false) @Nullable String error,
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String signedOut,
            @RequestParam(required = false) @Nullable String ended,
            @RequestParam(required = false) @Nullable String deleted,
            @RequestParam(required = false) @Nullable String emailError,
            @Nullable Authentication authentication,
            Model model) {
        if (authentication != null && authentication.isAuthenticated()) {
            // Already in: a stale callback or an old bookmark has nothing to tell this person.
            return "redirect:/dashboard";
        }
        String reason = error == null ? null : SigninHandlers.REASONS.contains(error) ? error : "failed";
        String providerId = Optional.ofNullable(provider)
                .flatMap(Provider::byId)
                .map(Provider::id)
                .orElse(null);
        String emailProblem = emailError == null
                ? null
                : switch (emailError) {
                    case "unsent" -> "email.error.unsent";
                    default -> null;
                };
        model.addAttribute(
                "view",
                new SigninView(
                        methods.available(),
                        reason,
                        providerId,
                        deleted != null ? "signin.deleted" : notice(signedOut, ended),
                        methods.telegramButton(),
                        email.enabled(),
                        emailProblem,
                        null));
        return "signin/signin";
    }

    private static @Nullable String notice(@Nullable String signedOut, @Nullable String ended) {
        if (signedOut != null) {
            return "everywhere".equals(signedOut) ? "signin.signedOutEverywhere" : "signin.signedOut";
        }
        return ended != null ? "signin.sessionEnded" : null;
    }

    /** Starts linking another provider to the signed-in account; the OAuth callback finishes it. */
    @PostMapping("/link/{provider}")
    String link(@PathVariable String provider, HttpSession session) {
        Optional<Provider> chosen = Provider.byId(provider).filter(methods.available()::contains);
        if (chosen.isEmpty()) {
            return "redirect:/dashboard?linkError=failed";
        }
        if (!fresh.isFresh(session)) {
            return "redirect:/confirm?then=link";
        }
        SigninAccounts.startLinking(session, chosen.get());
        return chosen.get() == Provider.TELEGRAM && methods.telegramButton() != null
                ? "redirect:/link/telegram"
                : "redirect:/oauth2/authorization/" + chosen.get().id();
    }

    /** Asks first: signing out everywhere also ends the session the person is using right now. */
    @GetMapping("/signout/everywhere")
    String confirmSignOutEverywhere(Authentication authentication, Model model) {
        model.addAttribute(
                "sessions", sessions.list(authentication.getName(), null).size());
        return "signin/signout-everywhere";
    }

    /** Deletes every session of the account, this one included. */
    @PostMapping("/signout/everywhere")
    String signOutEverywhere(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        int ended = sessions.endAll(authentication.getName());
        accounts.noteSessionsEnded(SigninMethods.accountId(authentication), Activity.Kind.SIGNED_OUT_EVERYWHERE, ended);
        log.info("Account {} signed out on all devices ({} sessions)", authentication.getName(), ended);
        new SecurityContextLogoutHandler().logout(request, response, authentication);
        return "redirect:/signin?signedOut=everywhere";
    }
}
