package ru.myservice.signin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session a fixed time after sign-in however active it is, so a stolen cookie does not live
 * forever. (The idle timeouts are the session store's own: short until sign-in, see {@link
 * SigninHandlers}.)
 */
class SessionLifetimeFilter extends OncePerRequestFilter {

    /** Session attribute: when the person signed in, in epoch milliseconds. */
    static final String SIGNED_IN_AT = "myservice.signedInAt";

    private static final Logger log = LoggerFactory.getLogger(SessionLifetimeFilter.class);

    private final Duration maxAge;
    private final Clock clock;

    SessionLifetimeFilter(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null
                && session.getAttribute(SIGNED_IN_AT) instanceof Long signedInAt
                && clock.millis() - signedInAt > maxAge.toMillis()) {
            log.info("Session reached its maximum age of {}; signing out", maxAge);
            session.invalidate();
        }
        chain.doFilter(request, response);
    }
}
