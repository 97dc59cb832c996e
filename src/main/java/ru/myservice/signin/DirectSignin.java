package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;
import ru.myservice.account.AccountService;
import ru.myservice.account.ProviderProfile;

/**
 * Signs someone in from a proof we checked ourselves (Telegram's signed fields, an e-mail code), with
 * the same guarantees as the OAuth flows: same account rules, new session id, the context saved in
 * the server-side session, the same landing page and linking behaviour.
 */
@Component
class DirectSignin {

    private final AccountService accounts;
    private final SigninHandlers handlers;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    private final SessionAuthenticationStrategy fixation = new ChangeSessionIdAuthenticationStrategy();
    private final SessionAuthenticationStrategy newCsrfToken;

    DirectSignin(AccountService accounts, SigninHandlers handlers, CsrfTokenRepository csrfTokens) {
        this.accounts = accounts;
        this.handlers = handlers;
        // As the OAuth sign-ins do: a token seen before sign-in is worth nothing after it.
        this.newCsrfToken = new CsrfAuthenticationStrategy(csrfTokens);
    }

    /** Links to the signed-in account when the person asked to link this provider; otherwise signs in. */
    void complete(ProviderProfile profile, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        UUID linking = SigninAccounts.linkingAccount(profile.provider());
        UUID confirming = SigninAccounts.confirmingAccount(profile.provider());
        UUID accountId;
        if (confirming != null) {
            if (!accounts.ownerOf(profile.provider(), profile.subject())
                    .filter(confirming::equals)
                    .isPresent()) {
                handlers.redirectFailure("notyours", profile.provider().id(), request, response);
                return;
            }
            accountId = confirming;
        } else if (linking != null) {
            try {
                accounts.link(linking, profile);
            } catch (AccountService.IdentityTakenException e) {
                // Said with the provider named: this request is not an OAuth callback that names it.
                handlers.redirectFailure("taken", profile.provider().id(), request, response);
                return;
            }
            accountId = linking;
        } else {
            accountId = accounts.signIn(profile).accountId();
        }
        var user = new AccountUser(accountId);
        Authentication authentication =
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        fixation.onAuthentication(authentication, request, response);
        newCsrfToken.onAuthentication(authentication, request, response);
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        if (linking == null && confirming == null) {
            request.getSession()
                    .setAttribute(SessionDevices.METHOD, profile.provider().id());
        }
        handlers.onSuccess(request, response, authentication);
    }

    /** Back to the sign-in page (or the dashboard, when linking) with one of the known reasons. */
    void fail(String reason, String provider, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        handlers.redirectFailure(reason, provider, request, response);
    }
}
