package ru.myservice.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.signin.AccountActionLimits;
import ru.myservice.signin.SigninMethods;

/**
 * The person's own profile: the name shown on the dashboard, the main e-mail among the verified ones,
 * and the picture among the methods' ones or none; each is mirrored to Casdoor.
 */
@Controller
class ProfileController {

    private static final String PAGE = "web/profile";

    private final AccountService accounts;
    private final AccountActionLimits limits;

    ProfileController(AccountService accounts, AccountActionLimits limits) {
        this.accounts = accounts;
        this.limits = limits;
    }

    @GetMapping("/profile")
    String profile(Authentication authentication, @RequestParam(required = false) @Nullable String saved, Model model) {
        var view = view(SigninMethods.accountId(authentication));
        if (view.isEmpty()) {
            return "redirect:/signin";
        }
        model.addAttribute("view", view.get().withSaved(savedKey(saved)));
        return PAGE;
    }

    @PostMapping("/profile/name")
    String rename(
            Authentication authentication,
            @RequestParam(defaultValue = "") String name,
            HttpServletResponse response,
            Model model) {
        UUID accountId = SigninMethods.accountId(authentication);
        limits.take(accountId, AccountActionLimits.Action.RENAME);
        var result = accounts.rename(accountId, name);
        return switch (result) {
            case AccountService.Rename.Renamed renamed -> "redirect:/dashboard?renamed";
            // The form again with the name as typed, to be corrected rather than typed anew.
            case AccountService.Rename.Refused refused ->
                refused(accountId, response, model, view -> view.withName(name, problemKey(refused.problem())));
        };
    }

    @PostMapping("/profile/email")
    String chooseEmail(
            Authentication authentication,
            @RequestParam(defaultValue = "") String email,
            HttpServletResponse response,
            Model model) {
        UUID accountId = SigninMethods.accountId(authentication);
        limits.take(accountId, AccountActionLimits.Action.PROFILE_CHOICE);
        if (accounts.chooseEmail(accountId, email)) {
            return "redirect:/profile?saved=email";
        }
        return refused(accountId, response, model, view -> view.withEmailProblem("profile.error.email"));
    }

    @PostMapping("/profile/avatar")
    String chooseAvatar(
            Authentication authentication,
            @RequestParam(defaultValue = "") String avatar,
            HttpServletResponse response,
            Model model) {
        UUID accountId = SigninMethods.accountId(authentication);
        limits.take(accountId, AccountActionLimits.Action.PROFILE_CHOICE);
        var choice = Account.AvatarChoice.of(avatar);
        if (choice.isPresent() && accounts.chooseAvatar(accountId, choice.get())) {
            return "redirect:/profile?saved=avatar";
        }
        return refused(accountId, response, model, view -> view.withAvatarProblem("profile.error.avatar"));
    }

    /** The page again, as saved, saying why the choice was not taken. */
    private String refused(
            UUID accountId,
            HttpServletResponse response,
            Model model,
            java.util.function.UnaryOperator<ProfileView> problem) {
        var view = view(accountId);
        if (view.isEmpty()) {
            return "redirect:/signin";
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("view", problem.apply(view.get()));
        return PAGE;
    }

    private Optional<ProfileView> view(UUID accountId) {
        return accounts.find(accountId).filter(a -> !a.deleted()).map(ProfileView::of);
    }

    private static @Nullable String savedKey(@Nullable String saved) {
        return switch (saved == null ? "" : saved) {
            case "email" -> "profile.saved.email";
            case "avatar" -> "profile.saved.avatar";
            default -> null;
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
