package ru.myservice.spend;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import ru.myservice.config.ApiProblems;
import ru.myservice.spend.SpendViews.CaptureRequest;
import ru.myservice.spend.SpendViews.ChargeRequest;
import ru.myservice.spend.SpendViews.HoldRequest;
import ru.myservice.spend.SpendViews.RefundRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spend API our AI services call (README: «For the teams writing AI services»). Every POST carries
 * an {@code Idempotency-Key}; answers are JSON, errors {@code application/problem+json}.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class SpendController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String REPLAYED = "Idempotent-Replayed";

    private final SpendService spending;
    private final Idempotency idempotency;
    private final ApiProblems problems;

    SpendController(SpendService spending, Idempotency idempotency, ApiProblems problems) {
        this.spending = spending;
        this.idempotency = idempotency;
        this.problems = problems;
    }

    @GetMapping("/accounts/{account}/balance")
    ResponseEntity<String> balance(
            @PathVariable String account, @AuthenticationPrincipal SpendCaller caller, Locale locale) {
        return reply(spending.balance(caller, account, locale));
    }

    @GetMapping("/accounts/{account}/transactions")
    ResponseEntity<String> transactions(
            @PathVariable String account,
            @RequestParam(required = false) @Nullable String cursor,
            @AuthenticationPrincipal SpendCaller caller,
            Locale locale) {
        return reply(spending.transactions(caller, account, cursor, locale));
    }

    @GetMapping("/holds/{id}")
    ResponseEntity<String> hold(@PathVariable UUID id, @AuthenticationPrincipal SpendCaller caller, Locale locale) {
        return reply(spending.hold(caller, id, locale));
    }

    @GetMapping("/charges/{id}")
    ResponseEntity<String> charge(@PathVariable UUID id, @AuthenticationPrincipal SpendCaller caller, Locale locale) {
        return reply(spending.charge(caller, id, locale));
    }

    @PostMapping(path = "/holds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> placeHold(
            @RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
            @AuthenticationPrincipal SpendCaller caller,
            HttpServletRequest request,
            Locale locale) {
        return post(key, caller, request, body, locale, HoldRequest.class, r -> spending.placeHold(caller, r, locale));
    }

    @PostMapping(path = "/holds/{id}/capture", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> capture(
            @PathVariable UUID id,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
            @AuthenticationPrincipal SpendCaller caller,
            HttpServletRequest request,
            Locale locale) {
        return post(
                key, caller, request, body, locale, CaptureRequest.class, r -> spending.capture(caller, id, r, locale));
    }

    @PostMapping("/holds/{id}/void")
    ResponseEntity<String> voidHold(
            @PathVariable UUID id,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
            @AuthenticationPrincipal SpendCaller caller,
            HttpServletRequest request,
            Locale locale) {
        return post(
                key, caller, request, body, locale, CaptureRequest.class, r -> spending.voidHold(caller, id, locale));
    }

    @PostMapping(path = "/charges", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> charge(
            @RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
            @AuthenticationPrincipal SpendCaller caller,
            HttpServletRequest request,
            Locale locale) {
        return post(key, caller, request, body, locale, ChargeRequest.class, r -> spending.charge(caller, r, locale));
    }

    @PostMapping(path = "/charges/{id}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> refund(
            @PathVariable UUID id,
            @RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
            @AuthenticationPrincipal SpendCaller caller,
            HttpServletRequest request,
            Locale locale) {
        return post(
                key, caller, request, body, locale, RefundRequest.class, r -> spending.refund(caller, id, r, locale));
    }

    @ExceptionHandler
    ResponseEntity<String> refused(SpendRefused refused, Locale locale) {
        return reply(Answer.problem(problems.problem(refused.status(), refused.code(), locale, refused.getMessage())));
    }

    private <T> ResponseEntity<String> post(
            @Nullable String key,
            SpendCaller caller,
            HttpServletRequest request,
            byte @Nullable [] body,
            Locale locale,
            Class<T> type,
            Function<T, Answer> action) {
        if (key == null) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "idempotency_key_missing", "Idempotency-Key");
        }
        byte[] bytes = body == null ? new byte[0] : body;
        T parsed = parse(bytes, type);
        var reply = idempotency.run(
                caller, key, request.getMethod(), request.getRequestURI(), bytes, locale, () -> action.apply(parsed));
        var response = ResponseEntity.status(reply.status())
                .contentType(reply.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (reply.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.body(reply.json());
    }

    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            T parsed = body.length == 0 ? JSON.readValue("{}", type) : JSON.readValue(body, type);
            if (parsed == null) {
                throw new SpendRefused(HttpStatus.BAD_REQUEST, "bad_request", "body");
            }
            return parsed;
        } catch (JacksonException e) {
            throw new SpendRefused(HttpStatus.BAD_REQUEST, "bad_request", "body");
        }
    }

    private static ResponseEntity<String> reply(Answer answer) {
        return ResponseEntity.status(answer.status())
                .contentType(answer.isProblem() ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON)
                .body(Idempotency.json(answer.body()));
    }
}
