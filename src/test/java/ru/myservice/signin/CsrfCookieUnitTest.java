package ru.myservice.signin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CsrfCookieUnitTest {

    private static Cookie cookieFor(String siteUrl) {
        var repository = CsrfCookie.repository(URI.create(siteUrl));
        var request = new MockHttpServletRequest();
        var response = new MockHttpServletResponse();
        repository.saveToken(repository.generateToken(request), request, response);
        assertThat(response.getCookies()).hasSize(1);
        return response.getCookies()[0];
    }

    @Test
    void formsAndScriptsSendTheTokenUnderTheNamesTheyAlwaysHave() {
        var repository = CsrfCookie.repository(URI.create("https://lk.example.ru"));
        var token = repository.generateToken(new MockHttpServletRequest());

        assertThat(token.getParameterName()).isEqualTo("_csrf");
        assertThat(token.getHeaderName()).isEqualTo("X-CSRF-TOKEN");
    }

    @Test
    void behindHttpsTheCookieIsSecureAndHostOnly() {
        var cookie = cookieFor("https://lk.example.ru");

        assertThat(cookie.getName()).isEqualTo("__Host-XSRF-TOKEN");
        assertThat(cookie.getSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getDomain()).isNull();
    }

    @Test
    void onPlainHttpItCannotBeSecureSoItGoesWithoutThePrefix() {
        var cookie = cookieFor("http://localhost:8081");

        assertThat(cookie.getName()).isEqualTo("XSRF-TOKEN");
        assertThat(cookie.getSecure()).isFalse();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
    }
}
