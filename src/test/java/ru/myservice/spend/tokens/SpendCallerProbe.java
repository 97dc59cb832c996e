package ru.myservice.spend.tokens;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import ru.myservice.spend.SpendCaller;
import ru.myservice.spend.SpendCaller.Right;

/**
 * Spend API endpoints that only say who called, as a real one sees its caller; present only in an instance started
 * with {@link #ENABLED}. The refund one checks its right the way a real endpoint does.
 */
@RestController
@ConditionalOnProperty(name = SpendCallerProbe.ENABLED, havingValue = "true")
class SpendCallerProbe {

    static final String ENABLED = "test.spend-caller-probe";

    @GetMapping("/api/v1/probe/caller")
    Map<String, Object> caller(@AuthenticationPrincipal SpendCaller caller) {
        return describe(caller);
    }

    @PostMapping("/api/v1/probe/refund")
    Map<String, Object> refund(@AuthenticationPrincipal SpendCaller caller) {
        if (!caller.may(Right.REFUND)) {
            throw new AccessDeniedException(caller.clientId() + " may not refund");
        }
        return describe(caller);
    }

    private static Map<String, Object> describe(SpendCaller caller) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clientId", caller.clientId());
        out.put("rights", caller.rights().stream().sorted().map(Right::name).toList());
        out.put("person", caller.person());
        return out;
    }
}
