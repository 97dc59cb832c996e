package ru.myservice.signin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

/**
 * A refused form from a page. A tab left open after its session ended (signed out here or on all
 * devices, or timed out) posts a token that belongs to no session: the person learns the session
 * ended and where to sign in, instead of reading «access denied». The sign-in page's own forms, and
 * a signed-in person's, get the error page, which tells an outdated page (reload it) from a refusal.
 */
final class PageAccessDenied implements AccessDeniedHandler {

    /** The sign-in page's note for a session that ended while a page was still open. */
    static final String SESSION_ENDED = "/signin?ended";

    private final AccessDeniedHandler errorPage = new AccessDeniedHandlerImpl();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (!ApiAccessDenied.signedIn() && !request.getRequestURI().startsWith("/signin")) {
            response.sendRedirect(SESSION_ENDED);
            return;
        }
        // For the error page, which tells an outdated form from a refusal.
        request.setAttribute(WebAttributes.ACCESS_DENIED_403, denied);
        errorPage.handle(request, response, denied);
    }
}
