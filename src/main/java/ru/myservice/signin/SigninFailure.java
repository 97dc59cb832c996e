package ru.myservice.signin;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** Error codes of our own, next to the OAuth ones, that the failure handler turns into messages. */
final class SigninFailure {

    static final String PROFILE_UNAVAILABLE = "invalid_user_info_response";
    static final String PROFILE_WITHOUT_ID = "missing_user_id";
    static final String IDENTITY_TAKEN = "identity_taken";
    static final String NOT_THIS_ACCOUNT = "not_this_account";

    private SigninFailure() {}

    static OAuth2AuthenticationException of(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null), description);
    }

    static OAuth2AuthenticationException of(String code, String description, Throwable cause) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null), description, cause);
    }
}
