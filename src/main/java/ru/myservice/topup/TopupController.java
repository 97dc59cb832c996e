package ru.myservice.topup;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.config.ApiProblems;
import ru.myservice.config.ClientAddress;
import ru.myservice.wallet.Money;
import ru.myservice.wallet.WalletService;

/**
 * The page's JSON calls (CSRF-protected like every POST from our pages) and YooKassa's webhook. Errors
 * are {@code application/problem+json} with a stable {@code code}.
 */
@RestController
class TopupController {

    private final TopupService topups;
    private final AccountService accounts;
    private final WalletService wallets;
    private final PaymentNotifications notifications;
    private final ClientAddress clientAddress;
    private final MessageSource messages;
    private final ApiProblems problems;

    TopupController(
            TopupService topups,
            AccountService accounts,
            WalletService wallets,
            PaymentNotifications notifications,
            ClientAddress clientAddress,
            MessageSource messages,
            ApiProblems problems) {
        this.topups = topups;
        this.accounts = accounts;
        this.wallets = wallets;
        this.notifications = notifications;
        this.clientAddress = clientAddress;
        this.messages = messages;
        this.problems = problems;
    }

    record StartRequest(@Nullable String amount) {}

    /** @param amount the payment's amount, e.g. {@code 105.00}, for another try at the same */
    record StartAnswer(String paymentId, String confirmationToken, String amount) {

        StartAnswer(TopupService.Started started) {
            this(
                    started.paymentId().toString(),
                    started.confirmationToken(),
                    started.amount().amount().toPlainString());
        }
    }

    /**
     * @param status our status code, e.g. {@code succeeded}
     * @param message what happened, in words
     * @param balance the account's balance now, formatted
     */
    record StatusAnswer(String status, boolean settled, String message, String balance) {}

    @PostMapping(path = "/api/topups", consumes = MediaType.APPLICATION_JSON_VALUE)
    StartAnswer start(@RequestBody StartRequest request, Authentication authentication, Locale locale) {
        UUID account = UUID.fromString(authentication.getName());
        String email = accounts.find(account).map(Account::email).orElse(null);
        return new StartAnswer(topups.start(account, request.amount(), locale, email));
    }

    /** «Продолжить оплату»: the widget's token of the person's own pending payment. */
    @PostMapping("/api/topups/{id}/resume")
    ResponseEntity<?> resume(@PathVariable UUID id, Authentication authentication, Locale locale) {
        UUID account = UUID.fromString(authentication.getName());
        return topups.resume(account, id)
                .<ResponseEntity<?>>map(started -> ResponseEntity.ok(new StartAnswer(started)))
                .orElseGet(() -> notFound(locale));
    }

    /** «Отменить»: the person will not pay their pending payment; only we can stop offering it. */
    @PostMapping("/api/topups/{id}/dismiss")
    ResponseEntity<?> dismiss(@PathVariable UUID id, Authentication authentication, Locale locale) {
        UUID account = UUID.fromString(authentication.getName());
        return topups.dismiss(account, id) ? ResponseEntity.noContent().build() : notFound(locale);
    }

    @GetMapping("/api/topups/{id}")
    ResponseEntity<?> status(@PathVariable UUID id, Authentication authentication, Locale locale) {
        UUID account = UUID.fromString(authentication.getName());
        return topups.status(account, id)
                .<ResponseEntity<?>>map(state -> {
                    String balance = wallets.balance(account).format(locale);
                    return ResponseEntity.ok(new StatusAnswer(
                            state.status().code(), state.settled(), message(state, balance, locale), balance));
                })
                .orElseGet(() -> notFound(locale));
    }

    @PostMapping(path = "/api/payment/webhook", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> webhook(HttpServletRequest request, @RequestBody(required = false) byte @Nullable [] body) {
        var answer = notifications.receive(clientAddress.of(request), body == null ? new byte[0] : body);
        return ResponseEntity.status(answer.status).build();
    }

    /** What happened, in words: how much arrived and the balance now, or why the card was declined. */
    private String message(TopupService.PaymentState state, String balance, Locale locale) {
        return switch (state.status()) {
            case SUCCEEDED ->
                messages.getMessage(
                        "topup.result.succeededAmount",
                        new Object[] {state.amount().format(locale), balance},
                        locale);
            case CANCELED -> {
                String other = messages.getMessage("history.reason.other", null, locale);
                String reason = state.reason() == null
                        ? other
                        : messages.getMessage("history.reason." + state.reason(), null, other, locale);
                yield messages.getMessage("topup.result.canceledReason", new Object[] {reason}, locale);
            }
            default -> messages.getMessage("topup.result." + state.status().code(), null, locale);
        };
    }

    /** A bad amount, or a receipt without an e-mail: the code names which, the detail says what to do. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(TopupService.TopupRefused e, Locale locale) {
        Object[] args = Arrays.stream(e.args())
                .map(a -> a instanceof Money m ? m.format(locale) : a)
                .toArray();
        String detail = messages.getMessage(e.messageKey(), args, locale);
        return problem(ApiProblems.withDetail(HttpStatus.BAD_REQUEST, e.code(), detail));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(TopupService.TopupUnavailable e, Locale locale) {
        return problem(
                e instanceof TopupService.TopupTimedOut
                        ? problems.problem(HttpStatus.GATEWAY_TIMEOUT, "payment_service_slow", locale)
                        : problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "payment_service_unavailable", locale));
    }

    /** Paid, declined, expired or dismissed already: the code says which was asked, the detail what to do. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> closed(TopupService.PaymentClosed e, Locale locale) {
        return problem(problems.problem(HttpStatus.CONFLICT, e.code(), locale));
    }

    /** Unknown, or someone else's: the two are not told apart. */
    private ResponseEntity<?> notFound(Locale locale) {
        return problem(problems.problem(HttpStatus.NOT_FOUND, "payment_not_found", locale));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
