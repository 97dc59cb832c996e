package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import ru.myservice.account.AccountService;
import ru.myservice.account.Provider;
import ru.myservice.config.SiteProperties;

/** Where a sign-in ends: the page the person wanted, the dashboard, or back to /signin with a reason. */
@Component
class SigninHandlers {

    private static final Logger log = LoggerFactory.getLogger(SigninHandlers.class);

    /** The reasons the sign-in page knows how to explain; anything else is "something went wrong". */
    static final Set<String> REASONS =
            Set.of("cancelled", "expired", "provider", "profile", "taken", "failed", "invalid", "replayed", "limited");

    private final RequestCache requestCache = new HttpSessionRequestCache();
    private final Clock clock;
    private final Duration idleTimeout;
    private final AccountService accounts;

    SigninHandlers(Clock clock, SiteProperties site, AccountService accounts) {
        this.clock = clock;
        this.accounts = accounts;
        this.idleTimeout = site.session().idleTimeout();
    }

    void onSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        HttpSession session = request.getSession();
        // Sessions begin short-lived, so that visitors who never sign in leave little behind.
        session.setMaxInactiveInterval((int) idleTimeout.toSeconds());
        if (session.getAttribute(SigninAccounts.CONFIRM_INTENT) != null) {
            session.removeAttribute(SigninAccounts.CONFIRM_INTENT);
            // Not a new sign-in: the session keeps its absolute lifetime, it is only fresh again.
            session.setAttribute(FreshSignin.CONFIRMED_AT, clock.millis());
            Object then = session.getAttribute(SigninAccounts.CONFIRM_THEN);
            session.removeAttribute(SigninAccounts.CONFIRM_THEN);
            response.sendRedirect(
                    "/account/delete".equals(then) ? "/account/delete?confirmed" : "/dashboard?confirmed");
            return;
        }
        Object linking = session.getAttribute(SigninAccounts.LINK_INTENT);
        if (linking != null) {
            session.removeAttribute(SigninAccounts.LINK_INTENT);
            response.sendRedirect("/dashboard?linked=" + linking);
            return;
        }
        session.setAttribute(SessionLifetimeFilter.SIGNED_IN_AT, clock.millis());
        // For the list of sessions: which device and which method.
        String agent = request.getHeader("User-Agent");
        if (agent != null) {
            session.setAttribute(
                    SessionDevices.USER_AGENT,
                    agent.substring(0, Math.min(agent.length(), SessionDevices.USER_AGENT_LIMIT)));
        }
        if (authentication instanceof OAuth2AuthenticationToken oauth) {
            session.setAttribute(SessionDevices.METHOD, oauth.getAuthorizedClientRegistrationId());
        }
        if (session.getAttribute(SessionDevices.METHOD) instanceof String method) {
            Provider.byId(method)
                    .ifPresent(provider -> accounts.noteSignIn(
                            SigninMethods.accountId(authentication), provider, UserAgents.label(agent)));
        }
        SavedRequest saved = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        response.sendRedirect(saved == null ? "/dashboard" : localPath(saved.getRedirectUrl()));
    }

    void onFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String provider = Provider.byId(SecurityConfiguration.providerOf(request))
                .map(Provider::id)
                .orElse("");
        String code = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getErrorCode()
                : "";
        String reason = reason(code);
        log.warn("Sign-in with {} failed: {} ({})", provider.isEmpty() ? "?" : provider, code, exception.getMessage());
        redirectFailure(reason, provider, request, response);
    }

    /** To /signin with the reason, or to the dashboard when the person was linking a method. */
    void redirectFailure(String reason, String provider, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SigninAccounts.CONFIRM_INTENT) != null) {
            session.removeAttribute(SigninAccounts.CONFIRM_INTENT);
            response.sendRedirect("/confirm?error=" + reason + "&provider=" + provider);
            return;
        }
        if (session != null && session.getAttribute(SigninAccounts.LINK_INTENT) != null) {
            session.removeAttribute(SigninAccounts.LINK_INTENT);
            response.sendRedirect("/dashboard?linkError=" + reason + "&provider=" + provider);
            return;
        }
        response.sendRedirect("/signin?error=" + reason + (provider.isEmpty() ? "" : "&provider=" + provider));
    }

    static String reason(@Nullable String code) {
        return switch (code == null ? "" : code) {
            case "access_denied" -> "cancelled";
            case "authorization_request_not_found", "invalid_state_parameter", "invalid_request", "invalid_grant" ->
                "expired";
            case "invalid_token_response",
                    "server_error",
                    "temporarily_unavailable",
                    "invalid_client",
                    "invalid_id_token",
                    "invalid_nonce" -> "provider";
            case SigninFailure.PROFILE_UNAVAILABLE, SigninFailure.PROFILE_WITHOUT_ID -> "profile";
            case SigninFailure.IDENTITY_TAKEN -> "taken";
            case SigninFailure.NOT_THIS_ACCOUNT -> "notyours";
            default -> "failed";
        };
    }

    /**
     * Only a path on our own site: a saved request carries the Host header the browser sent, and we
     * never want to send someone to another host after sign-in.
     */
    static String localPath(String url) {
        try {
            URI uri = URI.create(url);
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                return "/dashboard";
            }
            return UriComponentsBuilder.fromPath(path)
                    .query(uri.getRawQuery())
                    .build()
                    .toUriString();
        } catch (IllegalArgumentException e) {
            return "/dashboard";
        }
    }
}
