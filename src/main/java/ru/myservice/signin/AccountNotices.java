package ru.myservice.signin;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.mail.MailSendException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.LocaleResolver;
import ru.myservice.account.AccountService;

/**
 * E-mails the owner when a way to sign in is added to the account, and when the account is deleted,
 * so that a change they did not make does not go unnoticed.
 *
 * <p>Only a committed change is told. The letter goes out on a thread of its own, so a slow SMTP server
 * never holds up the person's page, and a letter that cannot be sent is logged and dropped: the change
 * stands either way. It is written in the language of the request that made the change.
 */
@Component
class AccountNotices implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AccountNotices.class);

    /** Letters waiting for the SMTP server; past this many, new ones are dropped rather than held in memory. */
    private static final int QUEUE = 200;

    private final EmailLetters letters;
    private final AccountService accounts;
    private final LocaleResolver locales;
    private final Clock clock;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            Thread.ofPlatform().name("account-notices").daemon().factory());

    AccountNotices(EmailLetters letters, AccountService accounts, LocaleResolver locales, Clock clock) {
        this.letters = letters;
        this.accounts = accounts;
        this.locales = locales;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(AccountService.MethodAdded event) {
        if (!letters.enabled()) {
            return;
        }
        Locale locale = requestLocale();
        Instant at = clock.instant();
        send("new sign-in method", event.accountId(), () -> {
            // The address the person had before; only an account that had none is told at the address
            // the new method brought (whoever added a method must not be the only one to hear of it).
            var account = accounts.find(event.accountId()).orElse(null);
            String to =
                    event.addressBefore() != null ? event.addressBefore() : account == null ? null : account.email();
            if (account == null || account.deleted() || to == null) {
                return false;
            }
            letters.sendMethodAdded(to, account.number(), event.provider(), at, locale);
            return true;
        });
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(AccountService.AccountDeleted event) {
        String address = event.address();
        if (!letters.enabled() || address == null) {
            return;
        }
        Locale locale = requestLocale();
        Instant at = clock.instant();
        send("account deleted", event.accountId(), () -> {
            letters.sendDeleted(address, event.number(), at, locale);
            return true;
        });
    }

    /** The language the person sees the site in: their choice on the site, else their browser's. */
    private Locale requestLocale() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            return locales.resolveLocale(request.getRequest());
        }
        return LocaleContextHolder.getLocale();
    }

    /**
     * Hands {@code letter} (true when it went out, false when there was nobody to tell) to the sender.
     * Logs the account, never the address: the log must not become a list of people's e-mails.
     */
    private void send(String notice, UUID accountId, BooleanSupplier letter) {
        try {
            sender.execute(() -> {
                try {
                    if (letter.getAsBoolean()) {
                        log.info("Sent the {} notice of account {}", notice, accountId);
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not send the {} notice of account {}: {}", notice, accountId, causes(e));
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn(
                    "Dropped the {} notice of account {}: {}",
                    notice,
                    accountId,
                    sender.isShutdown() ? "the application is stopping" : QUEUE + " letters are already waiting");
        }
    }

    /**
     * The chain of exception types, e.g. {@code MailSendException < MailConnectException <
     * ConnectException}: what went wrong, without the messages, which may quote the recipient.
     */
    private static String causes(Throwable e) {
        var chain = new StringJoiner(" < ");
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 6; depth++) {
            chain.add(cause.getClass().getSimpleName());
            Throwable next = cause.getCause();
            // Spring keeps the reason a letter failed beside the exception, not as its cause.
            if (next == null && cause instanceof MailSendException send && send.getMessageExceptions().length > 0) {
                next = send.getMessageExceptions()[0];
            }
            cause = next;
        }
        return chain.toString();
    }

    /** Letters already queued get a few seconds to go out before the application stops. */
    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn(
                    "Stopped with {} account notices unsent",
                    sender.shutdownNow().size());
        }
    }
}
