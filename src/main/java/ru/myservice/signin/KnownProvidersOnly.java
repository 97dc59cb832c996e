package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Treats a sign-in start for a provider this deployment does not have as an ordinary page request,
 * instead of Spring's default of answering it with a server error.
 */
class KnownProvidersOnly implements OAuth2AuthorizationRequestResolver {

    private static final String PREFIX = "/oauth2/authorization/";

    private final OAuth2AuthorizationRequestResolver delegate;
    private final ProviderRegistrations registrations;

    KnownProvidersOnly(OAuth2AuthorizationRequestResolver delegate, ProviderRegistrations registrations) {
        this.delegate = delegate;
        this.registrations = registrations;
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        return known(request.getRequestURI()) ? delegate.resolve(request) : null;
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return registrations.findByRegistrationId(clientRegistrationId) == null
                ? null
                : delegate.resolve(request, clientRegistrationId);
    }

    private boolean known(String path) {
        if (!path.startsWith(PREFIX)) {
            return true;
        }
        return registrations.findByRegistrationId(path.substring(PREFIX.length())) != null;
    }
}
