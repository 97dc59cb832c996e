package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.AccountService;
import ru.myservice.account.Activity;
import ru.myservice.account.Provider;

/** «Сеансы и устройства»: where the account is signed in, and ending those sessions. */
@Controller
class SessionsController {

    private static final Logger log = LoggerFactory.getLogger(SessionsController.class);

    /** Dates on our pages are Moscow time, as the business runs on it. */
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    /** How much of the activity list the page shows. */
    private static final int ACTIVITY_LINES = 20;

    private final SessionDevices devices;
    private final AccountService accounts;
    private final AccountActionLimits limits;

    SessionsController(SessionDevices devices, AccountService accounts, AccountActionLimits limits) {
        this.devices = devices;
        this.accounts = accounts;
        this.limits = limits;
    }

    @GetMapping("/sessions")
    String sessions(
            Authentication authentication,
            HttpServletRequest request,
            @RequestParam(required = false) @Nullable String ended,
            Locale locale,
            Model model) {
        var when = DateTimeFormatter.ofPattern("en".equals(locale.getLanguage()) ? "MMMM d, HH:mm" : "d MMMM, HH:mm")
                .withLocale(locale)
                .withZone(MOSCOW);
        var lines = devices.list(authentication.getName(), currentId(request)).stream()
                .map(session -> new SessionsView.Line(
                        session.key(),
                        UserAgents.browser(session.userAgent(), locale),
                        UserAgents.system(session.userAgent()),
                        Optional.ofNullable(session.method())
                                .flatMap(Provider::byId)
                                .orElse(null),
                        format(when, session.signedInAt()),
                        when.format(session.lastActive()),
                        session.current()))
                .toList();
        var activity = accounts.activity(SigninMethods.accountId(authentication), ACTIVITY_LINES).stream()
                .map(line -> new SessionsView.Event(
                        "activity." + line.kind().code() + (line.newDevice() ? ".newDevice" : ""),
                        line.provider(),
                        line.device() == null ? null : UserAgents.localize(line.device(), locale),
                        line.detail(),
                        when.format(line.at())))
                .toList();
        model.addAttribute("view", new SessionsView(lines, activity, notice(ended)));
        return "signin/sessions";
    }

    /** Ends one session of this account; never the one in use (that is «Выйти»). */
    @PostMapping("/sessions/end")
    String end(Authentication authentication, HttpServletRequest request, @RequestParam String session) {
        limits.take(SigninMethods.accountId(authentication), AccountActionLimits.Action.END_SESSION);
        boolean ended = devices.end(authentication.getName(), session, currentId(request));
        if (ended) {
            accounts.noteSessionsEnded(SigninMethods.accountId(authentication), Activity.Kind.SESSION_ENDED, 1);
        }
        log.info(
                "Account {} ended one of its sessions ({})",
                authentication.getName(),
                ended ? "ended" : "already gone");
        return "redirect:/sessions?ended=" + (ended ? "one" : "gone");
    }

    @PostMapping("/sessions/end-others")
    String endOthers(Authentication authentication, HttpServletRequest request) {
        int ended = devices.endOthers(authentication.getName(), currentId(request));
        accounts.noteSessionsEnded(SigninMethods.accountId(authentication), Activity.Kind.OTHER_SESSIONS_ENDED, ended);
        log.info("Account {} signed out on its other devices ({} sessions)", authentication.getName(), ended);
        return "redirect:/sessions?ended=others";
    }

    private static @Nullable String currentId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getId();
    }

    private static @Nullable String format(DateTimeFormatter when, @Nullable Instant at) {
        return at == null ? null : when.format(at);
    }

    private static @Nullable String notice(@Nullable String ended) {
        if (ended == null) {
            return null;
        }
        return switch (ended) {
            case "one" -> "sessions.ended.one";
            case "others" -> "sessions.ended.others";
            case "gone" -> "sessions.ended.gone";
            default -> null;
        };
    }
}
