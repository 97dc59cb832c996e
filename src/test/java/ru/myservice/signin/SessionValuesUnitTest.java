package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class SessionValuesUnitTest {

    private static final int JAVA_STREAM = 0xAC;

    private final SessionValues values = new SessionValues(getClass().getClassLoader());

    @Test
    void aDirectSignInReadsBackAsTheSamePersonWithTheSameAuthorities() {
        var user = new AccountUser(UUID.randomUUID());
        List<GrantedAuthority> authorities = List.of(
                new SimpleGrantedAuthority("ROLE_USER"),
                FactorGrantedAuthority.withAuthority("FACTOR_OTT")
                        .issuedAt(Instant.parse("2026-11-30T10:15:30.123456789Z"))
                        .build());
        var context =
                new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));

        byte[] stored = values.write(context);
        var read = (SecurityContextImpl) values.read(stored);

        assertThat(read).isEqualTo(context);
        assertThat(read.getAuthentication()).isInstanceOf(UsernamePasswordAuthenticationToken.class);
        assertThat(read.getAuthentication().getName()).isEqualTo(user.getName());
        assertThat(read.getAuthentication().isAuthenticated()).isTrue();
        assertThat(stored[0] & 0xFF).as("compact, not a Java stream").isNotEqualTo(JAVA_STREAM);
        assertThat(stored.length).isLessThan(new SerializingConverter().convert(context).length / 4);
    }

    @Test
    void aProviderSignInKeepsItsProviderAndItsRequestDetails() {
        var user = new AccountUser(UUID.randomUUID());
        var token = new OAuth2AuthenticationToken(
                user,
                List.of(
                        new SimpleGrantedAuthority("ROLE_USER"),
                        FactorGrantedAuthority.withAuthority("FACTOR_AUTHORIZATION_CODE")
                                .issuedAt(Instant.parse("2026-11-30T10:15:30Z"))
                                .build()),
                "vk");
        token.setDetails(new WebAuthenticationDetails("203.0.113.7", null));
        var context = new SecurityContextImpl(token);

        var read = (SecurityContextImpl) values.read(values.write(context));

        assertThat(read).isEqualTo(context);
        assertThat(((OAuth2AuthenticationToken) read.getAuthentication()).getAuthorizedClientRegistrationId())
                .isEqualTo("vk");
        assertThat(read.getAuthentication().getDetails()).isEqualTo(new WebAuthenticationDetails("203.0.113.7", null));
    }

    @Test
    void textsAndNumbersReadBackAsTheyWere() {
        assertThat(values.read(values.write("Mozilla/5.0 (Linux; Android 14) «Браузер»")))
                .isEqualTo("Mozilla/5.0 (Linux; Android 14) «Браузер»");
        assertThat(values.read(values.write(1_764_498_930_123L))).isEqualTo(1_764_498_930_123L);
        assertThat(values.read(values.write(""))).isEqualTo("");
        String long_ = "я".repeat(40_000);
        assertThat(values.read(values.write(long_))).isEqualTo(long_);
    }

    @Test
    void whatItDoesNotKnowIsStoredAsJavaStoresIt() {
        var someoneElse = new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(
                "staff-login", null, List.of(new SimpleGrantedAuthority("ROLE_STAFF"))));
        byte[] stored = values.write(someoneElse);

        assertThat(stored[0] & 0xFF).isEqualTo(JAVA_STREAM);
        assertThat(values.read(stored)).isEqualTo(someoneElse);
        assertThat(values.read(values.write(42))).isEqualTo(42);
    }

    @Test
    void sessionsStoredBeforeTheCompactFormStillRead() {
        var user = new AccountUser(UUID.randomUUID());
        var context = new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(
                user, null, List.of(new SimpleGrantedAuthority("ROLE_USER"))));
        byte[] before = new SerializingConverter().convert(context);

        assertThat(values.read(before)).isEqualTo(context);
        assertThat(values.read(new SerializingConverter().convert(1_764_498_930_123L)))
                .isEqualTo(1_764_498_930_123L);
    }

    @Test
    void aValueInAFormItDoesNotKnowIsRefusedNotGuessed() {
        assertThatThrownBy(() -> values.read(new byte[] {9, 1, 2})).isInstanceOf(IllegalStateException.class);
    }
}
