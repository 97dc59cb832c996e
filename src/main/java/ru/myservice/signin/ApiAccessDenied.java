package ru.myservice.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import ru.myservice.config.ApiProblems;

/**
 * A refused JSON call, in words the page can show. A tab left open after its session ended sends a
 * CSRF token that no longer belongs to any session: that is an ended session (sign in again), not a
 * forgery; a signed-in caller with a stale token has an outdated page (reload it).
 */
final class ApiAccessDenied implements AccessDeniedHandler {

    private final ApiProblems problems;

    ApiAccessDenied(ApiProblems problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        if (!signedIn()) {
            problems.send(request, response, HttpStatus.UNAUTHORIZED, "session_expired");
        } else if (denied instanceof CsrfException) {
            problems.send(request, response, HttpStatus.FORBIDDEN, "csrf_invalid");
        } else {
            problems.send(request, response, HttpStatus.FORBIDDEN, "forbidden");
        }
    }

    static boolean signedIn() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken);
    }
}
