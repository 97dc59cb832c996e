package ru.myservice.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.config.SiteProperties;
import ru.myservice.signin.AccountSessions;
import ru.myservice.signin.FreshSignin;
import ru.myservice.signin.SigninMethods;
import ru.myservice.topup.TopupService;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/** «Удалить личный кабинет»: what happens, what must be true first, and the deletion itself. */
@Controller
class AccountDeletionController {

    private final AccountDeletion deletion;
    private final WalletService wallets;
    private final TopupService topups;
    private final FreshSignin fresh;
    private final AccountSessions sessions;
    private final SiteProperties site;

    AccountDeletionController(
            AccountDeletion deletion,
            WalletService wallets,
            TopupService topups,
            FreshSignin fresh,
            AccountSessions sessions,
            SiteProperties site) {
        this.deletion = deletion;
        this.wallets = wallets;
        this.topups = topups;
        this.fresh = fresh;
        this.sessions = sessions;
        this.site = site;
    }

    @GetMapping("/account/delete")
    String page(
            Authentication authentication,
            HttpSession session,
            @RequestParam(required = false) @Nullable String confirmed,
            @RequestParam(required = false) @Nullable String refused,
            Locale locale,
            Model model) {
        UUID accountId = SigninMethods.accountId(authentication);
        var funds = wallets.funds(accountId);
        boolean empty =
                funds.balance().compareTo(Money.ZERO) == 0 && funds.held().compareTo(Money.ZERO) == 0;
        String problem = refused == null
                ? null
                : switch (refused) {
                    case "money" -> "delete.refused.money";
                    case "payments" -> "delete.refused.payments";
                    default -> null;
                };
        model.addAttribute(
                "view",
                new DeletionView(
                        empty ? null : funds.balance().format(locale),
                        topups.openPayments(accountId),
                        fresh.isFresh(session),
                        site.footer().supportEmail(),
                        confirmed != null,
                        problem));
        return "web/delete";
    }

    @PostMapping("/account/delete")
    String delete(
            Authentication authentication,
            HttpSession session,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (!fresh.isFresh(session)) {
            return "redirect:/confirm?then=delete";
        }
        UUID accountId = SigninMethods.accountId(authentication);
        return switch (deletion.delete(accountId)) {
            case MONEY_LEFT -> "redirect:/account/delete?refused=money";
            case OPEN_PAYMENTS -> "redirect:/account/delete?refused=payments";
            case DELETED -> {
                sessions.endAll(accountId);
                new SecurityContextLogoutHandler().logout(request, response, authentication);
                yield "redirect:/signin?deleted";
            }
        };
    }
}
