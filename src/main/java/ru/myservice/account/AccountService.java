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

    private final AccountRepository accounts;
    private final WalletService wallets;
    private final ApplicationEventPublisher events;

    AccountService(AccountRepository accounts, WalletService wallets, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.wallets = wallets;
        this.events = events;
    }

    /** Something other modules may want to mirror (Casdoor) changed in this account. */
    public record AccountChanged(UUID accountId) {}

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
            if (changed) {
                events.publishEvent(new AccountChanged(accountId));
            }
            return new SignIn(accountId, SignIn.Outcome.EXISTING);
        }
        if (profile.emailVerified() && profile.email() != null) {
            accounts.lock("email:" + profile.email().toLowerCase());
            Optional<UUID> byEmail = accounts.findByVerifiedEmail(profile.email());
            if (byEmail.isPresent()) {
                accounts.insertIdentity(byEmail.get(), profile);
                accounts.enrichAccount(byEmail.get(), profile);
                log.info(
                        "Linked a new {} identity to account {} by verified e-mail",
                        profile.provider().id(),
                        byEmail.get());
                events.publishEvent(new AccountChanged(byEmail.get()));
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
        accounts.insertIdentity(accountId, profile);
        accounts.enrichAccount(accountId, profile);
        log.info("Linked a {} identity to account {}", profile.provider().id(), accountId);
        events.publishEvent(new AccountChanged(accountId));
    }

    @Transactional(readOnly = true)
    public Optional<Account> find(UUID accountId) {
        return accounts.find(accountId);
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
