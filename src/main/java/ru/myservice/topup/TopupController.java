package ru.myservice.topup;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import ru.myservice.account.Account;
import ru.myservice.account.AccountService;
import ru.myservice.config.ClientAddress;
import ru.myservice.wallet.WalletService;

/** The page's JSON calls (CSRF-protected like every POST from our pages) and YooKassa's webhook. */
@RestController
class TopupController {

    private final TopupService topups;
    private final AccountService accounts;
    private final WalletService wallets;
    private final PaymentNotifications notifications;
    private final ClientAddress clientAddress;
    private final MessageSource messages;

    TopupController(
            TopupService topups,
            AccountService accounts,
            WalletService wallets,
            PaymentNotifications notifications,
            ClientAddress clientAddress,
            MessageSource messages) {
        this.topups = topups;
        this.accounts = accounts;
        this.wallets = wallets;
        this.notifications = notifications;
        this.clientAddress = clientAddress;
        this.messages = messages;
    }

    record StartRequest(@Nullable String amount) {}

    @PostMapping(path = "/api/topups", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> start(
            @RequestBody StartRequest request, Authentication authentication, Locale locale) {
        UUID account = UUID.fromString(authentication.getName());
        try {
            String email = accounts.find(account).map(Account::email).orElse(null);
            var started = topups.start(account, request.amount(), locale, email);
            return ResponseEntity.ok(Map.of(
                    "paymentId", started.paymentId().toString(),
                    "confirmationToken", started.confirmationToken()));
        } catch (TopupService.TopupRefused e) {
            Object[] args = java.util.Arrays.stream(e.args())
                    .map(a -> a instanceof ru.myservice.wallet.Money m ? m.format(locale) : a)
                    .toArray();
            return ResponseEntity.badRequest().body(Map.of("error", messages.getMessage(e.messageKey(), args, locale)));
        } catch (TopupService.TopupUnavailable e) {
            return ResponseEntity.status(503)
                    .body(Map.of("error", messages.getMessage("topup.error.unavailable", null, locale)));
        }
    }

    @GetMapping("/api/topups/{id}")
    ResponseEntity<Map<String, Object>> status(@PathVariable UUID id, Authentication authentication, Locale locale) {
        UUID account = UUID.fromString(authentication.getName());
        return topups.status(account, id)
                .map(status -> ResponseEntity.ok(Map.<String, Object>of(
                        "status", status.status(),
                        "settled", status.settled(),
                        "message", messages.getMessage("topup.result." + status.status(), null, locale),
                        "balance", wallets.balance(account).format(locale))))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping("/api/payment/webhook")
    ResponseEntity<Void> webhook(HttpServletRequest request, @RequestBody(required = false) byte @Nullable [] body) {
        var answer = notifications.receive(clientAddress.of(request), body == null ? new byte[0] : body);
        return ResponseEntity.status(answer.status).build();
    }
}
