package ru.myservice.operator;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.AccountService;

/**
 * One account as staff see it, and what they may do from there that moves no money: end one of the
 * customer's sessions, or send the account to Casdoor again now. Each form comes back to the account with
 * a notice of what happened; an id that names no account is «not found» in words.
 */
@Controller
class AccountController {

    private final AccountFile file;
    private final AccountService accounts;

    AccountController(AccountFile file, AccountService accounts) {
        this.file = file;
        this.accounts = accounts;
    }

    @GetMapping("/operator/accounts/{id}")
    String account(
            StaffMember staff,
            @PathVariable String id,
            @RequestParam(name = "page", required = false) @Nullable String page,
            @RequestParam(name = "done", required = false) @Nullable String done,
            Locale locale,
            HttpServletResponse response,
            Model model) {
        var view = accountId(id).flatMap(account -> file.of(staff, account, pageNumber(page)));
        if (view.isEmpty()) {
            return notFound(response);
        }
        model.addAttribute("file", view.get());
        model.addAttribute("notice", Notice.of(done));
        model.addAttribute("format", ConsoleFormat.in(locale));
        return "operator/account";
    }

    @PostMapping("/operator/accounts/{id}/sessions/end")
    String endSession(
            StaffMember staff,
            @PathVariable String id,
            @RequestParam("session") String key,
            HttpServletResponse response) {
        var account = existing(id);
        if (account.isEmpty()) {
            return notFound(response);
        }
        boolean ended = file.endSession(staff, account.get(), key);
        return back(account.get(), ended ? Notice.SESSION_ENDED : Notice.SESSION_GONE);
    }

    @PostMapping("/operator/accounts/{id}/resync")
    String resync(StaffMember staff, @PathVariable String id, HttpServletResponse response) {
        var account = existing(id);
        if (account.isEmpty()) {
            return notFound(response);
        }
        file.resync(staff, account.get());
        return back(account.get(), Notice.RESYNC_QUEUED);
    }

    /** What a form on the account did, named in the address it comes back to, so a reload shows it again. */
    enum Notice {
        SESSION_ENDED,
        SESSION_GONE,
        RESYNC_QUEUED;

        String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static @Nullable String of(@Nullable String code) {
            for (var notice : values()) {
                if (notice.code().equals(code)) {
                    return "operator.account.notice." + notice.code();
                }
            }
            return null;
        }
    }

    private static String back(UUID account, Notice notice) {
        return "redirect:/operator/accounts/" + account + "?done=" + notice.code();
    }

    private Optional<UUID> existing(String id) {
        return accountId(id).filter(account -> accounts.find(account).isPresent());
    }

    private static String notFound(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "operator/not-found";
    }

    private static Optional<UUID> accountId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Anything but a plain number (an edited or cut link) is the first page; beyond the last, the ledger is empty. */
    private static int pageNumber(@Nullable String asked) {
        return asked == null || !asked.strip().matches("\\d{1,6}") ? 1 : Math.max(1, Integer.parseInt(asked.strip()));
    }
}
