package ru.myservice.operator;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import ru.myservice.spend.SpendMoves;
import ru.myservice.testing.Eventually;
import ru.myservice.testing.SharedApp;
import ru.myservice.testing.StaffSignin;
import ru.myservice.topup.TopupFixture;
import ru.myservice.topup.TopupFixture.Payer;
import ru.myservice.wallet.Money;

/**
 * The instance the console's tests share, with its own YooKassa stand-in and the console on (staff sign in
 * at the shared Casdoor stand-in, see {@link StaffSignin}), and the money
 * moves that give an account a real ledger: paid top-ups, YooKassa refunds, a service's charges.
 */
final class OperatorFixture {

    private static TopupFixture topups;

    private OperatorFixture() {}

    static synchronized TopupFixture topups() {
        if (topups == null) {
            Map<String, String> settings = new HashMap<>(StaffSignin.settings(SharedApp.casdoor()));
            settings.put("myservice.topup.reconcile-after", "1h");
            topups = TopupFixture.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(topups::close));
        }
        return topups;
    }

    static SpendMoves spending() {
        return new SpendMoves(topups().app(), "ai-chat");
    }

    /** A top-up the payer starts and pays, once it is credited; returns our id and YooKassa's. */
    static Paid payTopup(Payer payer, String amount) {
        var fixture = topups();
        Money before = fixture.balance(payer);
        String ours = fixture.startTopup(payer, amount, 200).path("paymentId").asString();
        String remote = fixture.yookassaIdOf(ours);
        fixture.yookassa().pay(remote);
        Money expected = new Money(before.amount().add(new BigDecimal(amount)));
        Eventually.within(
                TopupFixture.PATIENCE, "credited", () -> fixture.balance(payer).equals(expected));
        return new Paid(UUID.fromString(ours), remote);
    }

    /** YooKassa refunds part of a paid top-up; returns once the refund is debited. */
    static String refund(Payer payer, Paid paid, String amount) {
        var fixture = topups();
        Money before = fixture.balance(payer);
        String refund = fixture.yookassa().refund(paid.remote(), new BigDecimal(amount));
        Money expected = new Money(before.amount().subtract(new BigDecimal(amount)));
        Eventually.within(
                TopupFixture.PATIENCE, "refunded", () -> fixture.balance(payer).equals(expected));
        return refund;
    }

    record Paid(UUID ours, String remote) {}
}
