package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.Provider;
import ru.myservice.config.ClientAddress;

/**
 * Telegram sign-in. The page gets signed fields from Telegram's widget and posts them here with its
 * CSRF token, which closes the login-CSRF gap of the widget's redirect mode: a stranger cannot make
 * someone's browser post their Telegram login to us.
 */
@Controller
class TelegramSigninController {

    private static final Logger log = LoggerFactory.getLogger(TelegramSigninController.class);

    private final TelegramProperties settings;
    private final SigninRepository repository;
    private final DirectSignin signin;
    private final RateLimits limits;
    private final EmailProperties attempts;
    private final ClientAddress clientAddress;

    TelegramSigninController(
            TelegramProperties settings,
            SigninRepository repository,
            DirectSignin signin,
            RateLimits limits,
            EmailProperties attempts,
            ClientAddress clientAddress) {
        this.settings = settings;
        this.repository = repository;
        this.signin = signin;
        this.limits = limits;
        this.attempts = attempts;
        this.clientAddress = clientAddress;
    }

    @PostMapping("/signin/telegram")
    void signIn(@RequestParam Map<String, String> form, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!settings.enabled()) {
            response.sendError(404);
            return;
        }
        String client = clientAddress.of(request);
        if (!limits.tryAcquire(new RateLimits.Limit(
                "signin-attempt:client:" + client, attempts.attemptsPerClient(), Duration.ofMinutes(15)))) {
            log.warn("Telegram sign-in refused: too many tries from client {}", client);
            signin.fail("limited", Provider.TELEGRAM.id(), request, response);
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.remove("_csrf");
        var result = TelegramLogin.check(fields, settings.botToken(), settings.maxAge(), Instant.now());
        if (result.profile() == null) {
            log.warn("Telegram sign-in refused: {}", result.refusal());
            signin.fail(
                    result.refusal() == TelegramLogin.Refusal.STALE ? "expired" : "invalid",
                    Provider.TELEGRAM.id(),
                    request,
                    response);
            return;
        }
        if (!repository.firstUseOfTelegramLogin(result.hash(), settings.maxAge().multipliedBy(2))) {
            log.warn("Telegram sign-in refused: the signed data was already used");
            signin.fail("replayed", Provider.TELEGRAM.id(), request, response);
            return;
        }
        signin.complete(result.profile(), request, response);
    }

    /** The page that links Telegram to the signed-in account: its widget, with the linking intent set. */
    @GetMapping("/link/telegram")
    String linkPage(HttpSession session, Model model) {
        if (!settings.enabled() || !Provider.TELEGRAM.id().equals(session.getAttribute(SigninAccounts.LINK_INTENT))) {
            return "redirect:/dashboard";
        }
        model.addAttribute("telegram", TelegramButton.of(settings));
        model.addAttribute("confirming", false);
        return "signin/telegram-widget";
    }
}
