package ru.myservice.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors for JSON callers as RFC 9457 {@code application/problem+json}: a stable {@code code} a program
 * can branch on, and a {@code detail} in the caller's language that a person can read and act on. The
 * detail of code {@code x} is the message {@code problem.x}. Used by controllers, the security chain,
 * filters and the error page alike, so {@code /api/**} never answers with HTML.
 */
@Component
public class ApiProblems {

    /** The paths whose callers are programs, not pages. */
    public static final String API_PREFIX = "/api/";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    // RFC 9457's "no further semantics than the status": the stable code is in the "code" member.
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private final MessageSource messages;
    private final LocaleResolver locales;

    public ApiProblems(MessageSource messages, LocaleResolver locales) {
        this.messages = messages;
        this.locales = locales;
    }

    /** Whether the request was made to a JSON endpoint (also during the error dispatch that follows it). */
    public static boolean isApi(HttpServletRequest request) {
        Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        String path = original instanceof String uri ? uri : request.getRequestURI();
        String context = request.getContextPath();
        if (!context.isEmpty() && path.startsWith(context)) {
            path = path.substring(context.length());
        }
        return path.startsWith(API_PREFIX);
    }

    /** A problem with code {@code code} and the localized detail {@code problem.<code>}. */
    public ProblemDetail problem(HttpStatus status, String code, Locale locale, Object... args) {
        return withDetail(status, code, messages.getMessage("problem." + code, args, locale));
    }

    /** A problem whose detail was already put into words, in the caller's language. */
    public static ProblemDetail withDetail(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ABOUT_BLANK);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }

    /** The stable code the catch-all uses for a status nothing more specific explained. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "session_expired";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    /** Writes the problem straight to the response, for filters and security handlers outside MVC. */
    public void send(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code)
            throws IOException {
        write(response, problem(status, code, locales.resolveLocale(request)), request.getRequestURI());
    }

    /** The problem as its JSON members: type, title, status, detail, instance (when given) and the extra ones. */
    public static Map<String, Object> members(ProblemDetail problem, @Nullable String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType() == null ? ABOUT_BLANK : problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** Writes an already built problem to the response. */
    public static void write(HttpServletResponse response, ProblemDetail problem, @Nullable String instance)
            throws IOException {
        Map<String, Object> body = members(problem, instance);
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
        response.flushBuffer();
    }
}
