package ru.myservice.operator.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.web.client.RestClient;
import ru.myservice.operator.StaffMember;

/** Who counts as staff, from the claims of Casdoor's ID token (contract §5); userinfo is not asked when they suffice. */
class StaffUserServiceUnitTest {

    private static final OperatorProperties SETTINGS = new OperatorProperties(
            "console",
            "secret",
            "Operator",
            "myservice/staff",
            "myservice/staff-readonly",
            URI.create("https://auth.example.ru"),
            URI.create("http://casdoor:8000"),
            "myservice",
            Duration.ofMinutes(30),
            Duration.ofHours(8),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));

    // Any call would fail: these cases must be decided from the token alone.
    private final StaffUserService service = new StaffUserService(
            SETTINGS, RestClient.builder().baseUrl("http://127.0.0.1:9").build());

    @Test
    void aMemberOfTheStaffGroupMayAct() {
        StaffMember staff = staff(claims("myservice", List.of("myservice/staff")));

        assertThat(staff.canAct()).isTrue();
        assertThat(staff.login()).isEqualTo("myservice/olga");
        assertThat(staff.displayName()).isEqualTo("Ольга Операторова");
        assertThat(staff.subject()).isEqualTo("7f0c-olga");
        assertThat(staff.email()).isEqualTo("olga@myservice.example");
    }

    @Test
    void aMemberOfTheReadOnlyGroupOnlyMayOnlyLookAndOfBothMayAct() {
        assertThat(staff(claims("myservice", List.of("myservice/staff-readonly")))
                        .readOnly())
                .isTrue();
        assertThat(staff(claims("myservice", List.of("myservice/staff-readonly", "myservice/staff")))
                        .readOnly())
                .isFalse();
    }

    @Test
    void anyoneElseIsNotStaffAndTheRefusalNamesTheirLogin() {
        for (var claims : List.of(
                claims("myservice", List.of()),
                claims("myservice", List.of("myservice/support", "other/staff")),
                claims("partner", List.of("myservice/staff")),
                claims("built-in", List.of("myservice/staff")))) {
            assertThatThrownBy(() -> staff(claims)).isInstanceOfSatisfying(OAuth2AuthenticationException.class, e -> {
                assertThat(e.getError().getErrorCode()).isEqualTo(StaffUserService.NOT_STAFF);
                assertThat(e.getError().getDescription()).isEqualTo(claims.get("owner") + "/olga");
            });
        }
    }

    @Test
    void theJwtStandardFormatNamesTheUserByPreferredUsernameAndTheDisplayNameByName() {
        Map<String, Object> claims = claims("myservice", List.of("myservice/staff"));
        claims.remove("displayName");
        claims.put("preferred_username", "olga");
        claims.put("name", "Ольга Операторова");

        StaffMember staff = staff(claims);

        assertThat(staff.login()).isEqualTo("myservice/olga");
        assertThat(staff.displayName()).isEqualTo("Ольга Операторова");
    }

    private StaffMember staff(Map<String, Object> claims) {
        Instant now = Instant.now();
        var idToken = new OidcIdToken("id-token", now, now.plusSeconds(3600), claims);
        var access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "id-token", now, now.plusSeconds(3600));
        var request = new OidcUserRequest(registration(), access, idToken);
        return ((StaffOidcUser) service.loadUser(request)).staff();
    }

    private static Map<String, Object> claims(String owner, List<String> groups) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://auth.example.ru");
        claims.put("sub", "7f0c-olga");
        claims.put("aud", List.of("console"));
        claims.put("owner", owner);
        claims.put("name", "olga");
        claims.put("displayName", "Ольга Операторова");
        claims.put("email", "olga@myservice.example");
        claims.put("groups", groups);
        return claims;
    }

    private static ClientRegistration registration() {
        return ClientRegistration.withRegistrationId("casdoor")
                .clientId("console")
                .clientSecret("secret")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("https://lk.example.ru/operator/login/oauth2/code/casdoor")
                .scope("openid", "profile", "email")
                .authorizationUri("https://auth.example.ru/login/oauth/authorize")
                .tokenUri("http://casdoor:8000/api/login/oauth/access_token")
                .userInfoUri("http://casdoor:8000/api/userinfo")
                .userNameAttributeName("sub")
                .jwkSetUri("http://casdoor:8000/.well-known/Operator/jwks")
                .build();
    }
}
