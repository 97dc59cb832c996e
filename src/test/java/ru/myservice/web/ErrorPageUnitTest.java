package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import ru.myservice.config.ApiProblems;
import tools.jackson.databind.json.JsonMapper;

/** The error dispatch that follows any failure: a page for people, a problem for JSON callers. */
class ErrorPageUnitTest {

    private final ErrorPageController errors = new ErrorPageController(problems());

    @Test
    void ourOwnFailureOnAJsonCallIsAnInternalErrorProblem() throws Exception {
        var request = errorDispatch("/api/topups", 500);
        var response = new MockHttpServletResponse();

        var view = errors.error(request, response, Locale.forLanguageTag("ru"));

        assertThat(view).isNull();
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        var body = JsonMapper.builder().build().readTree(response.getContentAsByteArray());
        assertThat(body.path("code").asString()).isEqualTo("internal_error");
        assertThat(body.path("detail").asString()).contains("на нашей стороне");
        assertThat(body.path("instance").asString()).isEqualTo("/api/topups");
    }

    @Test
    void thePageFailingIsStillAPage() throws Exception {
        var response = new MockHttpServletResponse();

        var view = errors.error(errorDispatch("/dashboard", 500), response, Locale.forLanguageTag("ru"));

        assertThat(view).isNotNull();
        assertThat(view.getViewName()).isEqualTo("web/error");
        assertThat(response.getStatus()).isEqualTo(500);
    }

    private static MockHttpServletRequest errorDispatch(String uri, int status) {
        var request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        return request;
    }

    private static ApiProblems problems() {
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new ApiProblems(messages, new AcceptHeaderLocaleResolver());
    }
}
