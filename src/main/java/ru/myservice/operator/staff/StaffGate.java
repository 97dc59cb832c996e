package ru.myservice.operator.staff;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;

/**
 * What the console answers when it does not let a request in: a customer, a non-staff Casdoor
 * account, a read-only member's form and a failed sign-in each get a page saying so in words (see
 * {@link GateController}); a browser with no session at all is sent to sign in at Casdoor.
 */
final class StaffGate {

    static final String PAGE = "/operator/denied";
    static final String SIGNIN = "/operator/oauth2/authorization/" + StaffSecurityConfiguration.REGISTRATION;

    private static final Logger log = LoggerFactory.getLogger(StaffGate.class);

    private StaffGate() {}

    /** No staff session. */
    static void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException, ServletException {
        if (customerSignedIn(request)) {
            show(request, response, new GateView(GateView.Kind.CUSTOMER, null));
        } else if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            response.sendRedirect(SIGNIN);
        } else {
            show(request, response, new GateView(GateView.Kind.ENDED, null));
        }
    }

    /** A staff session that may not do this: a form without its CSRF token, or a read-only member acting. */
    static void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        var kind = denied instanceof CsrfException ? GateView.Kind.STALE : GateView.Kind.READ_ONLY;
        show(request, response, new GateView(kind, null));
    }

    /** The callback from Casdoor did not end in a staff session. */
    static void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException, ServletException {
        if (failure instanceof OAuth2AuthenticationException oauth
                && StaffUserService.NOT_STAFF.equals(oauth.getError().getErrorCode())) {
            log.info(
                    "Console sign-in refused: {} is not staff", oauth.getError().getDescription());
            show(
                    request,
                    response,
                    new GateView(GateView.Kind.NOT_STAFF, oauth.getError().getDescription()));
            return;
        }
        log.warn("Console sign-in failed: {}", failure.getMessage());
        show(request, response, new GateView(GateView.Kind.FAILED, null));
    }

    private static void show(HttpServletRequest request, HttpServletResponse response, GateView view)
            throws IOException, ServletException {
        request.setAttribute(GateView.class.getName(), view);
        request.getRequestDispatcher(PAGE).forward(request, response);
    }

    /**
     * Whether the browser holds a signed-in customer's session. Only looked up, never created: the
     * console must not open customer sessions.
     */
    private static boolean customerSignedIn(HttpServletRequest request) {
        if (request.getRequestedSessionId() == null) {
            return false;
        }
        HttpSession session = request.getSession(false);
        @Nullable
        Object context = session == null
                ? null
                : session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context instanceof SecurityContext security
                && security.getAuthentication() != null
                && security.getAuthentication().isAuthenticated()
                && !(security.getAuthentication() instanceof AnonymousAuthenticationToken);
    }
}
