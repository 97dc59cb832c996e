package ru.myservice.signin;

import jakarta.servlet.http.HttpSession;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.account.ProviderProfile;

/**
 * Turns a provider's answer into one of our accounts: signs in (find, link by verified e-mail, or
 * create) or, when the signed-in person asked to link a method, attaches it to their account.
 */
class SigninAccounts {

    /** Session attribute: the signed-in person started linking this provider from the dashboard. */
    static final String LINK_INTENT = "myservice.link";

    /** Session attribute: the signed-in person is confirming it is them, by signing in with this provider again. */
    static final String CONFIRM_INTENT = "myservice.confirm";

    /** Session attribute: where to go once the confirmation succeeded. */
    static final String CONFIRM_THEN = "myservice.confirmThen";

    /** The place a confirmation returns to, by what it was for. */
    static String confirmedPath(@Nullable String then) {
        return "delete".equals(then) ? "/account/delete" : "/dashboard";
    }

    /**
     * Marks the session as linking {@code provider}: a confirmation begun earlier and abandoned must
     * not turn the linking into a confirmation.
     */
    static void startLinking(HttpSession session, Provider provider) {
        session.removeAttribute(CONFIRM_INTENT);
        session.removeAttribute(CONFIRM_THEN);
        session.setAttribute(LINK_INTENT, provider.id());
    }

    /** Marks the session as confirming with {@code provider}, then going where {@code then} says. */
    static void startConfirming(HttpSession session, Provider provider, @Nullable String then) {
        session.removeAttribute(LINK_INTENT);
        session.setAttribute(CONFIRM_INTENT, provider.id());
        session.setAttribute(CONFIRM_THEN, confirmedPath(then));
    }

    private final AccountService accounts;
    private final ProviderProfiles profiles;
    private final OidcUserService oidc;

    SigninAccounts(AccountService accounts, ProviderProfiles profiles, OidcUserService oidc) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.oidc = oidc;
    }

    OAuth2UserService<OAuth2UserRequest, OAuth2User> oauth2() {
        return request -> resolve(profiles.load(request));
    }

    /** Google and Telegram's OpenID Connect login: the profile is in the ID token (and Google's userinfo). */
    OAuth2UserService<OidcUserRequest, OidcUser> oidc() {
        return request -> {
            Provider provider = Provider.byId(request.getClientRegistration().getRegistrationId())
                    .orElseThrow(() -> SigninFailure.of(SigninFailure.PROFILE_UNAVAILABLE, "unknown OpenID provider"));
            OidcUser user;
            try {
                user = oidc.loadUser(request);
            } catch (OAuth2AuthenticationException e) {
                throw e;
            } catch (RuntimeException e) {
                // Spring refuses a userinfo answer without "sub" with a plain IllegalArgumentException.
                throw SigninFailure.of(
                        SigninFailure.PROFILE_UNAVAILABLE, provider.id() + " profile unusable: " + e.getMessage(), e);
            }
            if (user.getSubject() == null || user.getSubject().isBlank()) {
                throw SigninFailure.of(SigninFailure.PROFILE_WITHOUT_ID, provider.id() + " profile without a subject");
            }
            String name = user.getFullName() != null ? user.getFullName() : user.getPreferredUsername();
            // Only Google asserts e-mail verification; Telegram has no e-mail at all.
            boolean google = provider == Provider.GOOGLE;
            var profile = new ProviderProfile(
                    provider,
                    user.getSubject(),
                    google ? user.getEmail() : null,
                    google && Boolean.TRUE.equals(user.getEmailVerified()),
                    name == null ? "" : name,
                    user.getPicture());
            return resolve(profile);
        };
    }

    private AccountUser resolve(ProviderProfile profile) throws OAuth2AuthenticationException {
        UUID confirming = confirmingAccount(profile.provider());
        if (confirming != null) {
            return new AccountUser(confirmed(confirming, profile));
        }
        UUID linkingAccount = linkingAccount(profile.provider());
        if (linkingAccount != null) {
            try {
                accounts.link(linkingAccount, profile);
            } catch (AccountService.IdentityTakenException e) {
                throw SigninFailure.of(SigninFailure.IDENTITY_TAKEN, e.getMessage());
            }
            return new AccountUser(linkingAccount);
        }
        return new AccountUser(accounts.signIn(profile).accountId());
    }

    /**
     * A confirmation proves the person still controls a method of this very account: another
     * account's identity, or one nobody has, never passes (and never creates an account).
     */
    UUID confirmed(UUID confirming, ProviderProfile profile) throws OAuth2AuthenticationException {
        if (!accounts.ownerOf(profile.provider(), profile.subject())
                .filter(confirming::equals)
                .isPresent()) {
            throw SigninFailure.of(
                    SigninFailure.NOT_THIS_ACCOUNT, "a " + profile.provider().id() + " identity of another account");
        }
        return confirming;
    }

    /** The signed-in account confirming itself, if it started confirming with exactly this provider. */
    static @Nullable UUID confirmingAccount(Provider provider) {
        return signedInWithIntent(CONFIRM_INTENT, provider);
    }

    /** The account to link to, if the signed-in person started linking exactly this provider. */
    static @Nullable UUID linkingAccount(Provider provider) {
        return signedInWithIntent(LINK_INTENT, provider);
    }

    /** The signed-in person's account, or null for a visitor. */
    static @Nullable UUID signedInAccount() {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        return current != null && current.getPrincipal() instanceof AccountUser user
                ? UUID.fromString(user.getName())
                : null;
    }

    private static @Nullable UUID signedInWithIntent(String intent, Provider provider) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null || !(current.getPrincipal() instanceof AccountUser user)) {
            return null;
        }
        HttpSession session = currentSession();
        if (session == null || !provider.id().equals(session.getAttribute(intent))) {
            return null;
        }
        return UUID.fromString(user.getName());
    }

    static @Nullable HttpSession currentSession() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getSession(false);
        }
        return null;
    }
}
