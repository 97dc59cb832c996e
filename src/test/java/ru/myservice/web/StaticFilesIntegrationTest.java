package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ru.myservice.testing.AppInstance;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.TestBrowser;

/** The styles, scripts and pictures every page loads, as a browser gets them. */
class StaticFilesIntegrationTest {

    private final AppInstance app = SharedApp.app();

    @Test
    void eachFileIsServedWhole_withItsTypeAndItsLastChange() throws IOException {
        var browser = new TestBrowser();
        for (var file : Map.of(
                        "/css/app.css", "text/css",
                        "/js/topup.js", "text/javascript",
                        "/img/favicon.svg", "image/svg+xml")
                .entrySet()) {
            var response = browser.get(app.url(file.getKey()));

            assertThat(response.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(response.body()).as(file.getKey()).isEqualTo(onClassPath(file.getKey()));
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(file.getKey())
                    .hasValueSatisfying(type -> assertThat(type).startsWith(file.getValue()));
            String lastModified = response.headers().firstValue("Last-Modified").orElseThrow();

            var again = browser.get(app.url(file.getKey()), "If-Modified-Since", lastModified);
            assertThat(again.statusCode()).as(file.getKey() + " unchanged").isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotThereIsNotFound_andNothingOutsideTheFoldersIsServed() {
        var browser = new TestBrowser();

        assertThat(browser.get(app.url("/css/no-such.css")).statusCode()).isEqualTo(404);
        for (String outside : new String[] {
            "/css/../application.yml",
            "/css/%2e%2e/application.yml",
            "/js/..%2fapplication.yml",
            "/img/%2e%2e%2fmessages.properties"
        }) {
            var response = browser.get(app.url(outside));
            assertThat(response.statusCode()).as(outside).isIn(400, 404);
            assertThat(response.body()).as(outside).doesNotContain("spring:").doesNotContain("app.name");
        }
    }

    private static String onClassPath(String path) throws IOException {
        try (InputStream in = StaticFilesIntegrationTest.class.getResourceAsStream("/static" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
