package ru.myservice.signin;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The signed-in person as the session stores it: just our account id, whatever provider they came
 * through. Keeping it this small keeps sessions readable across releases (they are Java-serialized)
 * and makes "sign out everywhere" find every session of the account.
 */
final class AccountUser implements OidcUser, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final List<GrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_USER"));

    private final String accountId;

    AccountUser(UUID accountId) {
        this.accountId = accountId.toString();
    }

    @Override
    public String getName() {
        return accountId;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of("account_id", accountId);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return AUTHORITIES;
    }

    @Override
    public Map<String, Object> getClaims() {
        return getAttributes();
    }

    /** Provider tokens are not kept: we use the provider only to learn who someone is. */
    @Override
    public @Nullable OidcUserInfo getUserInfo() {
        return null;
    }

    @Override
    public @Nullable OidcIdToken getIdToken() {
        return null;
    }

    /** The same person whatever object stands for them: a session read back is equal to the one stored. */
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof AccountUser user && user.accountId.equals(accountId);
    }

    @Override
    public int hashCode() {
        return accountId.hashCode();
    }

    @Override
    public String toString() {
        return "AccountUser[" + accountId + "]";
    }
}
