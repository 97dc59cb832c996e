package ru.myservice.web;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;

/**
 * The profile page: the name form, the main e-mail and the picture to show.
 *
 * @param name the name in the field
 * @param nameProblem message key of why the last name was refused, or null
 * @param emails the addresses to choose the main e-mail from, the current one marked
 * @param emailProblem message key of why the last choice of address was refused, or null
 * @param pictures the methods' pictures to choose from, the shown one marked
 * @param initials what shows instead of a picture
 * @param noPicture the initials show now
 * @param avatarProblem message key of why the last choice of picture was refused, or null
 * @param saved message key of what was just saved, or null
 */
public record ProfileView(
        String name,
        @Nullable String nameProblem,
        List<EmailOption> emails,
        @Nullable String emailProblem,
        List<PictureOption> pictures,
        String initials,
        boolean noPicture,
        @Nullable String avatarProblem,
        @Nullable String saved) {

    /**
     * An address the main e-mail can be.
     *
     * @param verified false only for the current address when nothing vouches for it: shown, but once
     *     another is chosen it is no longer offered
     */
    public record EmailOption(String address, boolean verified, boolean current) {}

    /** A method's picture. */
    public record PictureOption(Provider provider, String url, boolean current) {}

    /** The page for {@code account}, its forms as saved; the caller adds what the last try said. */
    static ProfileView of(Account account) {
        List<EmailOption> emails = new ArrayList<>();
        var verified = account.verifiedEmails();
        String main = account.email();
        if (main != null && verified.stream().noneMatch(main::equalsIgnoreCase)) {
            emails.add(new EmailOption(main, false, true));
        }
        for (String address : verified) {
            emails.add(new EmailOption(address, true, address.equalsIgnoreCase(main)));
        }
        var shown = account.shownPicture();
        var pictures = account.pictures().entrySet().stream()
                .map(p -> new PictureOption(
                        p.getKey(),
                        p.getValue(),
                        shown.filter(p.getKey()::equals).isPresent()))
                .toList();
        return new ProfileView(
                account.displayName(),
                null,
                emails,
                null,
                pictures,
                DashboardView.initialsOf(account.displayName()),
                shown.isEmpty(),
                null,
                null);
    }

    ProfileView withName(String typed, String problem) {
        return new ProfileView(typed, problem, emails, null, pictures, initials, noPicture, null, null);
    }

    ProfileView withEmailProblem(String problem) {
        return new ProfileView(name, null, emails, problem, pictures, initials, noPicture, null, null);
    }

    ProfileView withAvatarProblem(String problem) {
        return new ProfileView(name, null, emails, null, pictures, initials, noPicture, problem, null);
    }

    ProfileView withSaved(@Nullable String saved) {
        return new ProfileView(name, null, emails, null, pictures, initials, noPicture, null, saved);
    }

    public int limit() {
        return AccountService.NAME_LIMIT;
    }

    /** Whether there is more than one address, so something to choose. */
    public boolean emailChoice() {
        return emails.size() > 1;
    }
}
