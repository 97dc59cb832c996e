package ru.myservice.account;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import ru.myservice.config.PageRead;
import ru.myservice.wallet.WalletService;

/**
 * Finds or creates the account behind a sign-in, and attaches further sign-in methods to it.
 *
 * <p>Linking rule: a new identity joins an existing account without the person being signed in only
 * when the provider asserts a verified e-mail and the account's e-mail is verified too. Anything
 * weaker would let whoever controls an unverified address at some provider take over an account.
 */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    /** The longest display name, in characters as people count them. */
    public static final int NAME_LIMIT = 64;

    private final AccountRepository accounts;
    private final ActivityRepository activity;
    private final WalletService wallets;
    private final ApplicationEventPublisher events;

    AccountService(
            AccountRepository accounts,
            ActivityRepository activity,
            WalletService wallets,
            ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.activity = activity;
        this.wallets = wallets;
        this.events = events;
    }

    /** Why a new display name was refused. */
    public enum NameProblem {
        EMPTY,
        TOO_LONG,
        INVALID_CHARACTERS
    }

    /** The display name the person chose, or why it cannot be one. */
    public sealed interface Rename {
        record Renamed(String name) implements Rename {}

        record Refused(NameProblem problem) implements Rename {}
    }

    /** Something other modules may want to mirror (Casdoor) changed in this account. */
    public record AccountChanged(UUID accountId) {}

    /**
     * A new way to sign in was attached to the account: linked by its owner, or joined by a verified e-mail.
     *
     * @param addressBefore the account's main e-mail before the method came, or null when it had none: the
     *     new method may bring an address of its own that becomes the main one, and the person is told at
     *     the address they already had
     */
    public record MethodAdded(
            UUID accountId, Provider provider, @Nullable String addressBefore) {}

    /**
     * The owner deleted the account.
     *
     * @param number the account number the person knew it by
     * @param address the account's e-mail before the deletion blanked it, or null when it had none
     */
    public record AccountDeleted(
            UUID accountId, long number, @Nullable String address) {}

    /** The account a sign-in resolved to, and how. */
    public record SignIn(UUID accountId, Outcome outcome) {
        public enum Outcome {
            EXISTING,
            LINKED_BY_EMAIL,
            CREATED
        }
    }

    /** The identity belongs to another account; linking it here would merge two people. */
    public static final class IdentityTakenException extends RuntimeException {
        public IdentityTakenException(Provider provider) {
            super("This " + provider.id() + " identity is already attached to another account");
        }
    }

    @Transactional
    public SignIn signIn(ProviderProfile profile) {
        lockIdentity(profile);
        var existing = accounts.findIdentity(profile.provider(), profile.subject());
        if (existing.isPresent()) {
            UUID accountId = existing.get().accountId();
            boolean changed = accounts.refreshIdentity(existing.get().id(), profile);
            changed |= accounts.enrichAccount(accountId, profile);
            changed |= accounts.refreshAvatar(accountId);
            if (changed) {
                events.publishEvent(new AccountChanged(accountId));
            }
            return new SignIn(accountId, SignIn.Outcome.EXISTING);
        }
        if (profile.emailVerified() && profile.email() != null) {
            accounts.lock("email:" + profile.email().toLowerCase());
            Optional<UUID> byEmail = accounts.findByVerifiedEmail(profile.email());
            if (byEmail.isPresent()) {
                String addressBefore = accounts.mainEmail(byEmail.get());
                accounts.insertIdentity(byEmail.get(), profile);
                accounts.enrichAccount(byEmail.get(), profile);
                accounts.refreshAvatar(byEmail.get());
                activity.insert(byEmail.get(), Activity.Kind.LINKED, profile.provider(), null, null);
                log.info(
                        "Linked a new {} identity to account {} by verified e-mail",
                        profile.provider().id(),
                        byEmail.get());
                events.publishEvent(new AccountChanged(byEmail.get()));
                events.publishEvent(new MethodAdded(byEmail.get(), profile.provider(), addressBefore));
                return new SignIn(byEmail.get(), SignIn.Outcome.LINKED_BY_EMAIL);
            }
        }
        UUID accountId = UUID.randomUUID();
        accounts.insertAccount(accountId, profile);
        wallets.openWallet(accountId, profile.email());
        accounts.insertIdentity(accountId, profile);
        log.info(
                "Created account {} from a {} sign-in",
                accountId,
                profile.provider().id());
        events.publishEvent(new AccountChanged(accountId));
        return new SignIn(accountId, SignIn.Outcome.CREATED);
    }

    /**
     * Attaches an identity to the signed-in person's account. Both sides are proven (the session and
     * the provider's consent), so no e-mail rule applies.
     *
     * @throws IdentityTakenException if the identity already belongs to another account
     */
    @Transactional
    public void link(UUID accountId, ProviderProfile profile) {
        lockIdentity(profile);
        var existing = accounts.findIdentity(profile.provider(), profile.subject());
        if (existing.isPresent()) {
            if (!existing.get().accountId().equals(accountId)) {
                log.warn(
                        "Refused to link a {} identity to account {}: it belongs to another account",
                        profile.provider().id(),
                        accountId);
                throw new IdentityTakenException(profile.provider());
            }
            accounts.refreshIdentity(existing.get().id(), profile);
            return;
        }
        String addressBefore = accounts.mainEmail(accountId);
        accounts.insertIdentity(accountId, profile);
        accounts.enrichAccount(accountId, profile);
        accounts.refreshAvatar(accountId);
        activity.insert(accountId, Activity.Kind.LINKED, profile.provider(), null, null);
        log.info("Linked a {} identity to account {}", profile.provider().id(), accountId);
        events.publishEvent(new AccountChanged(accountId));
        events.publishEvent(new MethodAdded(accountId, profile.provider(), addressBefore));
    }

    /**
     * Sets the name shown on the dashboard and mirrored to Casdoor. Spaces are collapsed; control and
     * invisible formatting characters are refused; anything else (HTML included) is kept and always
     * shown as text. Sign-ins never overwrite a name once the account has one.
     */
    @Transactional
    public Rename rename(UUID accountId, String wanted) {
        String name = wanted.strip().replaceAll("\\s+", " ");
        if (name.isEmpty()) {
            return new Rename.Refused(NameProblem.EMPTY);
        }
        if (name.codePointCount(0, name.length()) > NAME_LIMIT) {
            return new Rename.Refused(NameProblem.TOO_LONG);
        }
        if (name.codePoints().anyMatch(AccountService::unprintable)) {
            return new Rename.Refused(NameProblem.INVALID_CHARACTERS);
        }
        if (accounts.rename(accountId, name)) {
            activity.insert(accountId, Activity.Kind.NAME_CHANGED, null, null, name);
            events.publishEvent(new AccountChanged(accountId));
        }
        return new Rename.Renamed(name);
    }

    /**
     * Makes one of the account's verified addresses ({@link Account#verifiedEmails()}) its main e-mail.
     * Returns false, changing nothing, for any other address; the main e-mail as it is (verified or
     * not) is accepted and kept.
     */
    @Transactional
    public boolean chooseEmail(UUID accountId, String address) {
        if (!accounts.lockAccount(accountId)) {
            return false;
        }
        Account account = accounts.find(accountId).orElseThrow();
        Optional<String> chosen = account.verifiedEmail(address);
        if (chosen.isEmpty()) {
            return account.email() != null && account.email().equalsIgnoreCase(address.strip());
        }
        if (accounts.setEmail(accountId, chosen.get(), true)) {
            activity.insert(accountId, Activity.Kind.EMAIL_CHOSEN, null, null, chosen.get());
            events.publishEvent(new AccountChanged(accountId));
        }
        return true;
    }

    /**
     * Shows the picture of one of the account's methods, or none. Returns false, changing nothing,
     * when no method of that provider has a picture.
     */
    @Transactional
    public boolean chooseAvatar(UUID accountId, Account.AvatarChoice choice) {
        if (!accounts.lockAccount(accountId)) {
            return false;
        }
        Account account = accounts.find(accountId).orElseThrow();
        Provider provider = choice instanceof Account.AvatarChoice.Picture(Provider p) ? p : null;
        if (provider != null && !account.pictures().containsKey(provider)) {
            return false;
        }
        if (accounts.chooseAvatar(accountId, choice)) {
            accounts.refreshAvatar(accountId);
            activity.insert(
                    accountId,
                    provider == null ? Activity.Kind.AVATAR_REMOVED : Activity.Kind.AVATAR_CHOSEN,
                    provider,
                    null,
                    null);
            events.publishEvent(new AccountChanged(accountId));
        }
        return true;
    }

    private static boolean unprintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /** How an unlinking ended. */
    public enum Unlink {
        UNLINKED,
        /** The person's only way in: refused, so nobody locks themselves out. */
        LAST_METHOD,
        NOT_LINKED
    }

    /**
     * Detaches a sign-in method. The account row is locked first, so two unlinkings racing from two
     * tabs cannot both pass the "another method remains" check and leave the account without one.
     *
     * <p>A picture chosen from the method goes back to automatic (another method's picture, or none). A
     * main e-mail that came with the method stays only while another method vouches for it; otherwise
     * another verified address takes its place, else another method's unverified one, else none.
     */
    @Transactional
    public Unlink unlink(UUID accountId, Provider provider) {
        if (!accounts.lockAccount(accountId)) {
            return Unlink.NOT_LINKED;
        }
        int methods = accounts.identityCount(accountId);
        if (accounts.identityCount(accountId, provider) == 0) {
            return Unlink.NOT_LINKED;
        }
        if (methods <= 1) {
            return Unlink.LAST_METHOD;
        }
        Account before = accounts.find(accountId).orElseThrow();
        accounts.deleteIdentity(accountId, provider);
        if (before.avatarChoice() instanceof Account.AvatarChoice.Picture(Provider chosen) && chosen == provider) {
            accounts.chooseAvatar(accountId, null);
        }
        accounts.refreshAvatar(accountId);
        replaceMainEmailOf(before, provider);
        activity.insert(accountId, Activity.Kind.UNLINKED, provider, null, null);
        log.info("Unlinked a {} identity from account {}", provider.id(), accountId);
        events.publishEvent(new AccountChanged(accountId));
        return Unlink.UNLINKED;
    }

    private void replaceMainEmailOf(Account before, Provider gone) {
        String main = before.email();
        if (main == null
                || before.identities().stream()
                        .noneMatch(i -> i.provider() == gone && main.equalsIgnoreCase(i.email()))) {
            return;
        }
        var remaining =
                before.identities().stream().filter(i -> i.provider() != gone).toList();
        List<String> proven = Account.provenEmails(remaining);
        if (proven.stream().anyMatch(main::equalsIgnoreCase)) {
            return;
        }
        if (!proven.isEmpty()) {
            accounts.setEmail(before.id(), proven.getFirst(), true);
            return;
        }
        accounts.setEmail(
                before.id(),
                remaining.stream()
                        .map(Account.Identity::email)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null),
                false);
    }

    /**
     * Deletes the account as its owner asked: the profile is blanked, identities and activity removed,
     * and the mirror told (it removes the Casdoor user). The wallet, ledger and payments stay, as
     * accounting records that no longer name anyone. Runs in the caller's transaction, which has
     * already checked that no money is left.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void delete(UUID accountId) {
        if (!accounts.lockAccount(accountId)) {
            return;
        }
        Account before = accounts.find(accountId).orElseThrow();
        accounts.anonymise(accountId);
        log.info("Account {} deleted by its owner", accountId);
        events.publishEvent(new AccountChanged(accountId));
        events.publishEvent(new AccountDeleted(accountId, before.number(), before.email()));
    }

    /** The account this identity belongs to, if any. */
    @Transactional(readOnly = true)
    public Optional<UUID> ownerOf(Provider provider, String subject) {
        return accounts.findIdentity(provider, subject).map(AccountRepository.IdentityRow::accountId);
    }

    /** Records a sign-in for the activity list: the method and the device in words. */
    @Transactional
    public void noteSignIn(UUID accountId, Provider provider, @Nullable String device) {
        activity.insert(accountId, Activity.Kind.SIGNED_IN, provider, device, null);
    }

    /** Records that sessions of the account were ended by the person ({@code count} of them). */
    @Transactional
    public void noteSessionsEnded(UUID accountId, Activity.Kind kind, int count) {
        activity.insert(accountId, kind, null, null, Integer.toString(count));
    }

    /** The account's latest activity, newest first. */
    @Transactional(readOnly = true)
    public List<Activity> activity(UUID accountId, int limit) {
        return activity.latest(accountId, limit);
    }

    @Transactional(readOnly = true)
    public Optional<Account> find(UUID accountId) {
        return accounts.find(accountId);
    }

    /** {@link #find}, as a part of a page that reads all it shows in one statement. */
    public PageRead<Optional<Account>> findRead(UUID accountId) {
        return accounts.findRead(accountId);
    }

    /**
     * Up to {@code limit} account ids in ascending order, those after {@code after} (from the first when
     * it is null): for work that visits every account a page at a time, passing the last id of one page
     * to get the next. An empty list means there are no more.
     */
    @Transactional(readOnly = true)
    public List<UUID> accountIds(@Nullable UUID after, int limit) {
        return accounts.ids(after, limit);
    }

    private void lockIdentity(ProviderProfile profile) {
        accounts.lock("identity:" + profile.provider().id() + ":" + profile.subject());
    }
}
