package ru.myservice.operator.staff;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import ru.myservice.operator.StaffMember;

/**
 * Decides, from what Casdoor says about the person who signed in, whether they are staff (contract
 * §5): a user of our organization ({@code owner}) in the staff group may act, one in the read-only
 * group only may look, anyone else is refused with {@link #NOT_STAFF}. The groups come from the ID
 * token when the application's token format carries them, else from userinfo.
 */
class StaffUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The error of a person Casdoor knows who is not staff; its description is their login. */
    static final String NOT_STAFF = "not_staff";

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private final OperatorProperties settings;
    private final RestClient http;

    StaffUserService(OperatorProperties settings, RestClient http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcIdToken idToken = request.getIdToken();
        String owner = text(idToken.getClaim("owner"));
        String username = username(idToken.getClaims());
        String login = owner + "/" + username;
        Object groupsClaim = idToken.getClaim("groups");
        Collection<?> groups = groupsClaim instanceof Collection<?> inToken
                ? inToken
                : groupsFromUserInfo(request.getAccessToken().getTokenValue(), idToken.getSubject());
        boolean ours = settings.organization().equals(owner);
        boolean full = ours && groups.contains(settings.group());
        boolean readOnly = ours && !full && groups.contains(settings.readOnlyGroup());
        if (!full && !readOnly) {
            throw new OAuth2AuthenticationException(new OAuth2Error(NOT_STAFF, login, null));
        }
        String displayName = text(idToken.getClaim("displayName"));
        if (displayName.isBlank()) {
            // JWT-Standard puts the display name into "name" next to "preferred_username".
            displayName = idToken.hasClaim("preferred_username") ? text(idToken.getClaim("name")) : username;
        }
        if (displayName.isBlank()) {
            displayName = login;
        }
        var staff =
                new StaffMember(idToken.getSubject(), login, displayName, text(idToken.getClaim("email")), readOnly);
        return new StaffOidcUser(idToken, staff);
    }

    /**
     * Casdoor's userinfo: {@code groups} with scope profile. A bad token is answered with HTTP 200 and
     * {@code {"status":"error"}}, which must not pass for a person without groups.
     */
    private Collection<?> groupsFromUserInfo(String accessToken, String subject) {
        Map<String, Object> info;
        try {
            info = http.get()
                    .uri(settings.userInfoUri())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                    .retrieve()
                    .body(JSON);
        } catch (RestClientException e) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error("invalid_user_info_response", "Casdoor's userinfo failed", null), e);
        }
        if (info == null || "error".equals(info.get("status")) || !Objects.equals(subject, info.get("sub"))) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error("invalid_user_info_response", "Casdoor's userinfo refused the token", null));
        }
        return info.get("groups") instanceof Collection<?> groups ? groups : List.of();
    }

    /** The user name: {@code name} in Casdoor's JWT and JWT-Empty formats, {@code preferred_username} in JWT-Standard. */
    private static String username(Map<String, Object> claims) {
        Object preferred = claims.get("preferred_username");
        return text(preferred != null ? preferred : claims.get("name"));
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : value.toString();
    }
}
