package ru.myservice.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.util.OnCommittedResponseWrapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a page in one database transaction: the session, the signed-in person and everything the page
 * shows join it, so a view is one round of work for PostgreSQL instead of one per service call.
 * Only for pages that read the database and call nothing outside it, since the connection is held
 * while the page is made. A write the request still makes (a session last used a minute ago) commits
 * with it, before the first byte of the answer leaves, so the browser's next request sees it; after a
 * failure that marked the transaction for rollback it is rolled back instead.
 */
class PageTransaction extends OncePerRequestFilter {

    private static final int PAGE_BUFFER = 128 * 1024;

    private final PlatformTransactionManager transactions;
    private final TransactionDefinition definition;

    PageTransaction(PlatformTransactionManager transactions) {
        this.transactions = transactions;
        var page = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRED);
        page.setName("page");
        this.definition = page;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Room for the whole page, so it is sent only once the filters are done with it and the
        // transaction ends then too, not mid-page (the session filter reads the session again after a
        // response went out early).
        response.setBufferSize(PAGE_BUFFER);
        TransactionStatus status = transactions.getTransaction(definition);
        var answer = new OnCommittedResponseWrapper(response) {
            @Override
            protected void onResponseCommitted() {
                finish(status);
            }
        };
        try {
            chain.doFilter(request, answer);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (!status.isCompleted()) {
                transactions.rollback(status);
            }
            throw e;
        }
        finish(status);
    }

    private void finish(TransactionStatus status) {
        if (status.isCompleted()) {
            return;
        }
        if (status.isRollbackOnly()) {
            transactions.rollback(status);
        } else {
            transactions.commit(status);
        }
    }
}
