package ru.myservice.spend.tokens;

import java.util.List;
import java.util.Locale;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import ru.myservice.spend.SpendCaller;
import ru.myservice.spend.SpendCaller.Right;

/**
 * A spend API call whose token passed every check. The principal is the {@link SpendCaller} controllers take with
 * {@code @AuthenticationPrincipal}; the credentials are the checked token, for a call that must also ask Casdoor
 * whether it was revoked (contract §7.8). Each right is an authority {@code SPEND_READ}, {@code SPEND_CHARGE} or
 * {@code SPEND_REFUND}.
 */
final class SpendAuthentication extends AbstractAuthenticationToken {

    private final SpendCaller caller;
    private final Jwt token;

    SpendAuthentication(SpendCaller caller, Jwt token) {
        super(authorities(caller));
        this.caller = caller;
        this.token = token;
        setAuthenticated(true);
    }

    static String authority(Right right) {
        return "SPEND_" + right.name().toUpperCase(Locale.ROOT);
    }

    private static List<GrantedAuthority> authorities(SpendCaller caller) {
        return caller.rights().stream()
                .sorted()
                .<GrantedAuthority>map(right -> new SimpleGrantedAuthority(authority(right)))
                .toList();
    }

    @Override
    public SpendCaller getPrincipal() {
        return caller;
    }

    @Override
    public Jwt getCredentials() {
        return token;
    }

    @Override
    public String getName() {
        return caller.person() != null ? caller.person() : caller.clientId();
    }
}
