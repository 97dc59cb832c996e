package ru.myservice.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.AccountService;
import ru.myservice.signin.AccountActionLimits;
import ru.myservice.signin.SigninMethods;

/** The person's own profile: the name shown on the dashboard and mirrored to Casdoor. */
@Controller
class ProfileController {

    private final AccountService accounts;
    private final AccountActionLimits limits;

    ProfileController(AccountService accounts, AccountActionLimits limits) {
        this.accounts = accounts;
        this.limits = limits;
    }

    @GetMapping("/profile")
    String profile(Authentication authentication, Model model) {
        var account = accounts.find(SigninMethods.accountId(authentication));
        if (account.isEmpty()) {
            return "redirect:/signin";
        }
        model.addAttribute("view", new ProfileView(account.get().displayName(), null));
        return "web/profile";
    }

    @PostMapping("/profile/name")
    String rename(
            Authentication authentication,
            @RequestParam(defaultValue = "") String name,
            HttpServletResponse response,
            Model model) {
        limits.take(SigninMethods.accountId(authentication), AccountActionLimits.Action.RENAME);
        var result = accounts.rename(SigninMethods.accountId(authentication), name);
        return switch (result) {
            case AccountService.Rename.Renamed renamed -> "redirect:/dashboard?renamed";
            case AccountService.Rename.Refused refused -> {
                // The form again with the name as typed, to be corrected rather than typed anew.
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                model.addAttribute("view", new ProfileView(name, problemKey(refused.problem())));
                yield "web/profile";
            }
        };
    }

    private static String problemKey(AccountService.NameProblem problem) {
        return switch (problem) {
            case EMPTY -> "profile.error.empty";
            case TOO_LONG -> "profile.error.long";
            case INVALID_CHARACTERS -> "profile.error.characters";
        };
    }
}
