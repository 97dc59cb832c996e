package ru.myservice.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than anything our pages, our JSON calls or YooKassa's notifications
 * send, before anything reads them: a flood of large bodies must not cost memory.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    /** A notification is a few kilobytes; a form or a JSON call is far less. */
    static final long LIMIT = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(RequestSizeLimit.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > LIMIT) {
            log.warn(
                    "Refused a {} byte body to {} {}",
                    request.getContentLengthLong(),
                    request.getMethod(),
                    request.getRequestURI());
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        chain.doFilter(request, response);
    }
}
