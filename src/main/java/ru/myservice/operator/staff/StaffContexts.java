package ru.myservice.operator.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Where the console's security context lives: in {@link StaffSessions}, never in an HTTP session. A
 * completed Casdoor sign-in of a staff member opens a staff session; every other request reads one.
 */
final class StaffContexts implements SecurityContextRepository {

    private final StaffSessions sessions;

    StaffContexts(StaffSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new Deferred(() -> {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            sessions.current(request).map(StaffAuthentication::new).ifPresent(context::setAuthentication);
            return context;
        });
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return loadDeferredContext(holder.getRequest()).get();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        if (context.getAuthentication() instanceof OAuth2AuthenticationToken signin
                && signin.getPrincipal() instanceof StaffOidcUser user) {
            sessions.open(user.staff(), request, response);
            context.setAuthentication(new StaffAuthentication(user.staff()));
        }
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return StaffSessions.cookieValue(request, StaffSessions.COOKIE) != null;
    }

    /** Reads the session once, when something first asks who is signed in. */
    private static final class Deferred implements DeferredSecurityContext {

        private final Supplier<SecurityContext> load;
        private @Nullable SecurityContext context;

        Deferred(Supplier<SecurityContext> load) {
            this.load = load;
        }

        @Override
        public SecurityContext get() {
            if (context == null) {
                context = load.get();
            }
            return context;
        }

        @Override
        public boolean isGenerated() {
            return get().getAuthentication() == null;
        }
    }
}
