package ru.myservice.spend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import ru.myservice.spend.SpendCaller.Right;
import ru.myservice.spend.SpendViews.ChargeRequest;
import ru.myservice.spend.SpendViews.HoldRequest;
import ru.myservice.spend.SpendViews.RefundRequest;
import ru.myservice.testing.AppInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's spending as the API performs it (the Idempotency-Key claimed in the transaction that
 * moves the money), for tests of other modules that need real charges, holds and charge refunds.
 */
public final class SpendMoves {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Locale RU = Locale.forLanguageTag("ru");

    private final AppInstance app;
    private final SpendCaller caller;

    public SpendMoves(AppInstance app, String client) {
        this.app = app;
        this.caller = new SpendCaller(client, Set.of(Right.READ, Right.CHARGE, Right.REFUND), null);
    }

    /** Charges in one step; returns the charge's id. */
    public UUID charge(UUID account, String amount, String reference) {
        var request = new ChargeRequest(account.toString(), amount, reference, Map.of(), "Ответ модели");
        return id(call("/api/v1/charges", request, s -> s.charge(caller, request, RU)));
    }

    /** Holds for ten minutes; returns the hold's id. */
    public UUID hold(UUID account, String amount, String reference) {
        var request = new HoldRequest(account.toString(), amount, 600L, reference, null, "Ответ модели");
        return id(call("/api/v1/holds", request, s -> s.placeHold(caller, request, RU)));
    }

    /** Gives back part of a charge; returns the refund's id. */
    public UUID refund(UUID charge, String amount) {
        var request = new RefundRequest(amount, "Ответ не получен");
        return id(call("/api/v1/charges/" + charge + "/refunds", request, s -> s.refund(caller, charge, request, RU)));
    }

    private JsonNode call(String path, Object request, java.util.function.Function<SpendService, Answer> action) {
        var reply = app.bean(Idempotency.class)
                .run(
                        caller,
                        UUID.randomUUID().toString(),
                        "POST",
                        path,
                        JSON.writeValueAsBytes(request),
                        RU,
                        () -> action.apply(app.bean(SpendService.class)));
        assertThat(reply.status()).as(reply.json()).isEqualTo(201);
        return JSON.readTree(reply.json());
    }

    private static UUID id(JsonNode body) {
        return UUID.fromString(body.path("id").asString());
    }
}
