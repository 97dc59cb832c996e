package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mail.MailException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.account.ProviderProfile;
import ru.myservice.config.ClientAddress;
import ru.myservice.config.SiteProperties;

/**
 * Signing in with a code sent to an e-mail address. The answer to "send me a code" never depends on
 * whether an account exists; sending is rate-limited per address and per client; a confirmed code
 * proves the address, which then counts as verified.
 */
@Controller
class EmailSigninController {

    /** Session attribute: the address a code was last sent to from this browser. */
    static final String PENDING_EMAIL = "myservice.emailSignin";

    private static final Logger log = LoggerFactory.getLogger(EmailSigninController.class);
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /**
     * A dot-atom of at most 64 characters before the {@code @} (dots only between characters, never
     * two together: mail servers refuse anything else) and a host name with at least one dot.
     */
    private static final Pattern ADDRESS =
            Pattern.compile("(?=[^@]{1,64}@)" + ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");

    private final EmailLetters letters;
    private final EmailCodes codes;
    private final RateLimits limits;
    private final EmailProperties settings;
    private final ClientAddress clientAddress;
    private final DirectSignin signin;
    private final SigninMethods methods;
    private final FreshSignin fresh;
    private final AccountService accounts;
    private final AccountActionLimits actionLimits;

    EmailSigninController(
            EmailLetters letters,
            SiteProperties site,
            EmailCodes codes,
            RateLimits limits,
            EmailProperties settings,
            ClientAddress clientAddress,
            DirectSignin signin,
            SigninMethods methods,
            FreshSignin fresh,
            AccountService accounts,
            AccountActionLimits actionLimits) {
        if (letters.enabled() && site.session().anonymousTimeout().compareTo(settings.codeLifetime()) < 0) {
            // The address waiting for its code lives in the session begun before sign-in.
            throw new IllegalStateException(
                    "SESSION_ANONYMOUS_TIMEOUT (" + site.session().anonymousTimeout()
                            + ") must be at least EMAIL_CODE_LIFETIME (" + settings.codeLifetime()
                            + "), or people lose the code page before their code expires");
        }
        this.letters = letters;
        this.codes = codes;
        this.limits = limits;
        this.settings = settings;
        this.clientAddress = clientAddress;
        this.signin = signin;
        this.methods = methods;
        this.fresh = fresh;
        this.accounts = accounts;
        this.actionLimits = actionLimits;
    }

    boolean enabled() {
        return letters.enabled();
    }

    /** Whether a code can be sent to {@code address}: anything else is refused before it costs anything. */
    static boolean wellFormed(String address) {
        return address.length() <= 254 && ADDRESS.matcher(address).matches();
    }

    @PostMapping("/signin/email")
    String send(
            @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String link,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        if (!letters.enabled()) {
            return "redirect:/signin";
        }
        String typed = email == null ? "" : email.strip();
        boolean linking = "email".equals(link) && SigninAccounts.signedInAccount() != null;
        if (linking) {
            // Adding an address from the dashboard: a sensitive change, like linking any method.
            if (!fresh.isFresh(request.getSession(false))) {
                return "redirect:/confirm?then=link";
            }
            if (!wellFormed(typed)) {
                return "redirect:/dashboard?linkError=address&provider=email";
            }
            SigninAccounts.startLinking(request.getSession(), Provider.EMAIL);
        }
        if (!wellFormed(typed)) {
            log.info("E-mail sign-in refused: a malformed address ({} characters)", typed.length());
            // The page again with the address as typed, to be corrected rather than typed anew.
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute(
                    "view",
                    new SigninView(
                            methods.available(),
                            null,
                            null,
                            null,
                            methods.telegramButton(),
                            true,
                            "email.error.invalid",
                            typed));
            return "signin/signin";
        }
        return sendCode(typed.toLowerCase(Locale.ROOT), request, locale);
    }

    /**
     * Confirms it is the signed-in person by a code to one of the account's own addresses: for those
     * whose account signs in by e-mail, as the other methods confirm by signing in again.
     */
    @PostMapping("/confirm/email")
    String confirmByCode(
            Authentication authentication,
            @RequestParam(defaultValue = "") String address,
            @RequestParam(required = false) @Nullable String then,
            HttpServletRequest request,
            Locale locale) {
        UUID account = SigninMethods.accountId(authentication);
        actionLimits.take(account, AccountActionLimits.Action.CONFIRM);
        String own = address.strip().toLowerCase(Locale.ROOT);
        if (!letters.enabled()
                || !accounts.ownerOf(Provider.EMAIL, own)
                        .filter(account::equals)
                        .isPresent()) {
            return "redirect:/confirm?error=failed&provider=" + Provider.EMAIL.id();
        }
        SigninAccounts.startConfirming(request.getSession(), Provider.EMAIL, then);
        return sendCode(own, request, locale);
    }

    /** Sends a code to a well-formed, lower-cased address within the limits, and leads to the code page. */
    private String sendCode(String address, HttpServletRequest request, Locale locale) {
        String client = clientAddress.of(request);
        log.info("E-mail sign-in code requested from client {}", client);
        boolean allowed = limits.tryAcquire(
                new RateLimits.Limit("email-code:address:" + address, 1, settings.perAddressInterval()),
                new RateLimits.Limit(
                        "email-code:address-hour:" + address, settings.perAddressHourly(), Duration.ofHours(1)),
                new RateLimits.Limit("email-code:client:" + client, settings.perClientHourly(), Duration.ofHours(1)));
        HttpSession session = request.getSession();
        if (!allowed) {
            log.warn("E-mail sign-in code not sent: rate limit for an address or client {}", client);
            session.setAttribute(PENDING_EMAIL, address);
            return "redirect:/signin/email/code?limited";
        }
        String code = codes.issue(address, settings.codeLifetime());
        try {
            letters.sendCode(address, code, settings.codeLifetime().toMinutes(), locale);
        } catch (MailException | IllegalArgumentException e) {
            log.error("E-mail sign-in code could not be sent: {}", e.getMessage());
            return session.getAttribute(SigninAccounts.CONFIRM_INTENT) != null
                    ? "redirect:/confirm?error=unsent&provider=" + Provider.EMAIL.id()
                    : "redirect:/signin?emailError=unsent";
        }
        session.setAttribute(PENDING_EMAIL, address);
        log.info("E-mail sign-in code sent");
        return "redirect:/signin/email/code";
    }

    @GetMapping("/signin/email/code")
    String codePage(
            @RequestParam(required = false) @Nullable String problem,
            @RequestParam(required = false) @Nullable String limited,
            @SessionAttribute(name = PENDING_EMAIL, required = false) @Nullable String address,
            @SessionAttribute(name = SigninAccounts.CONFIRM_INTENT, required = false) @Nullable String confirming,
            Model model) {
        if (address == null) {
            return "redirect:/signin";
        }
        String problemKey = problem == null
                ? null
                : switch (problem) {
                    case "wrong", "burnt", "expired", "format", "limited" -> "email.code.error." + problem;
                    default -> null;
                };
        String notice = limited != null ? "email.code.limited" : "email.code.sent";
        model.addAttribute(
                "view",
                new EmailCodeView(
                        address, problemKey, notice, Provider.EMAIL.id().equals(confirming)));
        return "signin/email-code";
    }

    @PostMapping("/signin/email/code")
    void confirm(
            @RequestParam(required = false) @Nullable String code,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING_EMAIL) instanceof String address)) {
            response.sendRedirect("/signin");
            return;
        }
        String client = clientAddress.of(request);
        if (!limits.tryAcquire(new RateLimits.Limit(
                "signin-attempt:client:" + client, settings.attemptsPerClient(), Duration.ofMinutes(15)))) {
            log.warn("E-mail sign-in: too many codes typed from client {}", client);
            response.sendRedirect("/signin/email/code?problem=limited");
            return;
        }
        String typed = code == null ? "" : code.strip();
        if (!typed.matches("\\d{6}")) {
            response.sendRedirect("/signin/email/code?problem=format");
            return;
        }
        switch (codes.check(address, typed, settings.maxAttempts())) {
            case ACCEPTED -> {
                session.removeAttribute(PENDING_EMAIL);
                String name = address.substring(0, address.indexOf('@'));
                signin.complete(
                        new ProviderProfile(Provider.EMAIL, address, address, true, name, null), request, response);
            }
            case WRONG -> {
                log.info("E-mail sign-in: a wrong code");
                response.sendRedirect("/signin/email/code?problem=wrong");
            }
            case BURNT -> {
                log.warn("E-mail sign-in: code burnt after {} wrong tries", settings.maxAttempts());
                response.sendRedirect("/signin/email/code?problem=burnt");
            }
            case EXPIRED, NONE -> response.sendRedirect("/signin/email/code?problem=expired");
        }
    }
}
