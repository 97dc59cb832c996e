package ru.myservice.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import ru.myservice.config.ApiProblems;

/**
 * Our own error page in place of the white-label one: a status, a plain sentence, a way back. JSON
 * callers ({@code /api/**}) get the same news as {@code application/problem+json}, whatever failed.
 */
@Controller
class ErrorPageController implements ErrorController {

    private final ApiProblems problems;

    ErrorPageController(ApiProblems problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    @Nullable
    ModelAndView error(HttpServletRequest request, HttpServletResponse response, Locale locale) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
        if (ApiProblems.isApi(request)) {
            HttpStatus known = HttpStatus.resolve(status);
            HttpStatus answer = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
            ApiProblems.write(response, problems.problem(answer, ApiProblems.codeFor(answer.value()), locale), (String)
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
            return null;
        }
        response.setStatus(status);
        ErrorView view = stale(request) ? ErrorView.stale() : ErrorView.of(status);
        return new ModelAndView("web/error").addObject("view", view);
    }

    /** A form the CSRF check refused: the page was older than the session (see the access-denied handler). */
    private static boolean stale(HttpServletRequest request) {
        return request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException;
    }
}
