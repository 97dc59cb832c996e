package ru.myservice.spend.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import ru.myservice.spend.SpendCaller;
import ru.myservice.spend.SpendCaller.Right;

/** Which caller a checked token describes, and what it may do. */
class SpendCallersUnitTest {

    private final SpendCallers callers = new SpendCallers(
            SpendClients.parse("ai-demo:read|charge|refund, ai-site:read, ai-charger:charge"), "myservice");

    @Test
    void anApplicationsOwnTokenIsTheServiceWithEveryRightOfItsClient() {
        SpendAuthentication authentication = callers.convert(appToken("ai-demo", "AI demo"));

        assertThat(authentication.getPrincipal())
                .isEqualTo(new SpendCaller("ai-demo", Set.of(Right.READ, Right.CHARGE, Right.REFUND), null));
        assertThat(authentication.isAuthenticated()).isTrue();
        assertThat(authentication.getName()).isEqualTo("ai-demo");
        assertThat(authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("SPEND_READ", "SPEND_CHARGE", "SPEND_REFUND");
        assertThat(callers.caller(appToken("ai-site", "AI site")).rights()).containsExactly(Right.READ);
    }

    @Test
    void aPersonOfOurOrganizationMayOnlyRead() {
        SpendCaller person = callers.caller(userToken("myservice", "u-42", "ai-demo", Map.of()));
        SpendCaller throughAChargingClient = callers.caller(userToken("myservice", "u-42", "ai-charger", Map.of()));

        assertThat(person).isEqualTo(new SpendCaller("ai-demo", Set.of(Right.READ), "u-42"));
        assertThat(person.isPerson()).isTrue();
        assertThat(throughAChargingClient.rights()).as("the client cannot read").isEmpty();
        assertThat(callers.convert(userToken("myservice", "u-42", "ai-site", Map.of()))
                        .getName())
                .isEqualTo("u-42");
    }

    @Test
    void aJwtStandardTokenNamesThePersonByPreferredUsernameNotByTheDisplayName() {
        SpendCaller person = callers.caller(
                userToken("myservice", "u-7", "ai-demo", Map.of("preferred_username", "u-42", "name", "u-7")));

        assertThat(person.person()).isEqualTo("u-42");
    }

    @Test
    void anyOtherOwnerIsRefused() {
        assertThatThrownBy(() -> callers.caller(userToken("other-org", "u-42", "ai-demo", Map.of())))
                .isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("other-org");
        assertThatThrownBy(() -> callers.caller(userToken("built-in", "admin", "ai-demo", Map.of())))
                .isInstanceOf(InvalidBearerTokenException.class);
        // owner "admin" but not the application's own subject.
        assertThatThrownBy(() -> callers.caller(
                        jwt(Map.of("azp", "ai-demo", "owner", "admin", "name", "AI demo", "sub", "7f0c-uuid"))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> callers.caller(userToken("myservice", "", "ai-demo", Map.of())))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> callers.caller(appToken("ai-stranger", "Stranger")))
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    private static Jwt appToken(String clientId, String appName) {
        return jwt(Map.of("azp", clientId, "owner", "admin", "name", appName, "sub", "admin/" + appName));
    }

    private static Jwt userToken(String owner, String name, String clientId, Map<String, Object> extra) {
        var claims = new java.util.HashMap<String, Object>(
                Map.of("azp", clientId, "owner", owner, "name", name, "sub", "7f0c-uuid"));
        claims.putAll(extra);
        return jwt(claims);
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .claims(c -> c.putAll(claims))
                .claim("aud", List.of(claims.get("azp")))
                .issuedAt(Instant.now())
                .build();
    }
}
