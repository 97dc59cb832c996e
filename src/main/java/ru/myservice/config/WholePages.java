package ru.myservice.config;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import gg.jte.springframework.boot.autoconfigure.JteProperties;
import gg.jte.springframework.boot.autoconfigure.JteView;
import gg.jte.springframework.boot.autoconfigure.JteViewResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.view.AbstractUrlBasedView;

/**
 * Pages are rendered whole into memory, then handed to the response in one write. Written piece by
 * piece, as jte's own view does, every one of a page's hundreds of small writes passed through each
 * wrapper that security and the session put around the response; and a template that fails halfway
 * now leaves nothing half-sent, so the error page can take its place. The length is left to the
 * server: setting it would commit the response the moment the page is written, before the filters
 * around it are done (see {@code PageTransaction}).
 */
@Configuration(proxyBeanMethods = false)
class WholePages {

    @Bean
    JteViewResolver jteViewResolver(TemplateEngine templates, JteProperties properties) {
        return new JteViewResolver(templates, properties) {
            @Override
            protected AbstractUrlBasedView instantiateView() {
                return new WholePage(templates);
            }
        };
    }

    static final class WholePage extends JteView {

        private final TemplateEngine templates;

        WholePage(TemplateEngine templates) {
            super(templates);
            this.templates = templates;
        }

        @Override
        protected void renderMergedTemplateModel(
                Map<String, Object> model, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            var output = new Utf8ByteOutput();
            templates.render(getUrl(), model, output);
            byte[] page = output.toByteArray();
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream().write(page);
        }
    }
}
