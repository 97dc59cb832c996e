package ru.myservice.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import ru.myservice.wallet.Money;

/**
 * What holds cost the dashboard: {@code /dashboard} over 200 signed-in sessions whose wallets each have
 * {@link #ACTIVE} active holds and {@link #EXPIRED} expired ones, placed through the spend API as an AI
 * service places them, against the same page over 200 other sessions whose wallets are funded alike and
 * hold nothing. Both sets of accounts have the seeded data's shape beyond the first 200 (10 payments
 * each) and the same funding; their runs alternate, so the two figures met the same machine.
 */
final class DashboardWithHolds {

    static final String WITHOUT = "/dashboard (200 funded sessions, no holds)";
    static final String WITH = "/dashboard (200 funded sessions, 3 active and 2 expired holds each)";
    private static final int SESSIONS = 200;
    /** The accounts {@code bench<n>} without holds start here; those with holds follow them. */
    private static final int FIRST = 201;

    private static final int ACTIVE = 3;
    private static final int EXPIRED = 2;
    private static final BigDecimal FUNDS = new BigDecimal("100.00");
    private static final BigDecimal ACTIVE_AMOUNT = new BigDecimal("3.00");
    private static final BigDecimal EXPIRED_AMOUNT = new BigDecimal("1.00");
    private static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    private DashboardWithHolds() {}

    /**
     * Funds the wallets of both sets by one top-up entry each, written in the statement that sets the
     * balance (the database checks at commit that the two agree).
     */
    static void seed(JdbcClient db) {
        db.sql("""
                with funded as (
                    update myservice.wallets set balance = :funds
                    where account_id in (select md5('bench' || n)::uuid from generate_series(:first, :last) n)
                      and balance = 0
                    returning id, balance)
                insert into myservice.ledger_entries (wallet_id, amount, kind, reference, balance_after)
                select id, balance, 'topup', 'bench-funding-' || id, balance from funded
                """)
                .param("funds", FUNDS)
                .param("first", FIRST)
                .param("last", FIRST + 2 * SESSIONS - 1)
                .update();
    }

    /**
     * Signs both sets in, places the holds of the second through the spend API, checks each session's
     * page (the second set's shows what is held and available, the first's shows no funds line), then
     * measures both as every scenario: a warm-up of each, then their runs in turns.
     */
    static Map<String, Map<String, Object>> measure(BenchApp app, String token, BenchCharges.Method method)
            throws Exception {
        List<String> without = BenchHarness.signIn(app, FIRST, FIRST + SESSIONS - 1);
        List<String> with = BenchHarness.signIn(app, FIRST + SESSIONS, FIRST + 2 * SESSIONS - 1);
        List<String> accounts = app.db()
                .sql("select md5('bench' || n)::uuid::text from generate_series(:first, :last) n")
                .param("first", FIRST + SESSIONS)
                .param("last", FIRST + 2 * SESSIONS - 1)
                .query(String.class)
                .list();
        placeHolds(app, token, accounts);
        BigDecimal held = ACTIVE_AMOUNT.multiply(BigDecimal.valueOf(ACTIVE));
        int bytesWithout = checkPages(app, without, null);
        int bytesWith = checkPages(app, with, held);

        var measured = Wrk.alternated(
                List.of(
                        new Wrk.Target(app.site() + "/dashboard", without),
                        new Wrk.Target(app.site() + "/dashboard", with)),
                method.duration(),
                method.connections(),
                method.warmUp(),
                method.runs());
        Map<String, Object> plain = new LinkedHashMap<>(measured.get(0));
        plain.put("pageBytes", bytesWithout);
        plain.put("alternatedWith", WITH);
        Map<String, Object> holding = new LinkedHashMap<>(measured.get(1));
        holding.put("pageBytes", bytesWith);
        holding.put("alternatedWith", WITHOUT);
        holding.put("activeHoldsPerWallet", ACTIVE);
        holding.put("expiredHoldsPerWallet", EXPIRED);
        holding.put("heldPerWallet", held.toPlainString());
        Map<String, Map<String, Object>> scenarios = new LinkedHashMap<>();
        scenarios.put(WITHOUT, plain);
        scenarios.put(WITH, holding);
        return scenarios;
    }

    /**
     * On each account: {@link #EXPIRED} holds of {@link #EXPIRED_AMOUNT} that expire in a second, then,
     * once they have, {@link #ACTIVE} holds of {@link #ACTIVE_AMOUNT} for a day (the first of which
     * releases the expired ones under the wallet's lock). Checks that every wallet ends with exactly
     * those.
     */
    private static void placeHolds(BenchApp app, String token, List<String> accounts)
            throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String account : accounts) {
            for (int i = 0; i < EXPIRED; i++) {
                placeHold(http, app, token, account, EXPIRED_AMOUNT, 1);
            }
        }
        while (app.db().sql("""
                                select count(*) from myservice.holds h join myservice.wallets w on w.id = h.wallet_id
                                where w.account_id::text in (:accounts) and h.expires_at > now()
                                """).param("accounts", accounts).query(Long.class).single() > 0) {
            Thread.sleep(100);
        }
        for (String account : accounts) {
            for (int i = 0; i < ACTIVE; i++) {
                placeHold(http, app, token, account, ACTIVE_AMOUNT, 86_400);
            }
        }
        long wrong = app.db()
                .sql("""
                        select count(*) from myservice.wallets w
                        where w.account_id::text in (:accounts)
                          and ((select count(*) from myservice.holds h where h.wallet_id = w.id and h.state = 'active')
                                  <> :active
                               or (select count(*) from myservice.holds h where h.wallet_id = w.id and h.state = 'expired')
                                  <> :expired
                               or w.held <> :held)
                        """)
                .param("accounts", accounts)
                .param("active", ACTIVE)
                .param("expired", EXPIRED)
                .param("held", ACTIVE_AMOUNT.multiply(BigDecimal.valueOf(ACTIVE)))
                .query(Long.class)
                .single();
        if (wrong > 0) {
            throw new IllegalStateException(wrong + " wallets do not have " + ACTIVE + " active and " + EXPIRED
                    + " expired holds after placing them");
        }
    }

    private static void placeHold(
            HttpClient http, BenchApp app, String token, String account, BigDecimal amount, int seconds)
            throws IOException, InterruptedException {
        String reference = "dashboard-hold-" + UUID.randomUUID();
        String body = """
                {"account":"%s","amount":"%s","expiresIn":%d,"reference":"%s","description":"Ответ модели"}""".formatted(account, amount.toPlainString(), seconds, reference);
        var answer = http.send(
                HttpRequest.newBuilder(URI.create(app.site() + "/api/v1/holds"))
                        .header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", reference)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException(
                    "A hold on " + account + " was refused: " + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * Every session's dashboard once, checked to be its page (wrk would count a redirect to sign-in as a
     * success) and, with {@code held}, to show that much reserved and the rest of the funds available, or
     * without it, no funds line at all; returns the size of the last page in bytes.
     */
    private static int checkPages(BenchApp app, List<String> cookies, @Nullable BigDecimal held)
            throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String reserved = held == null ? null : "Зарезервировано: " + new Money(held).format(RUSSIAN);
        String available = held == null ? null : "Доступно: " + new Money(FUNDS.subtract(held)).format(RUSSIAN);
        int bytes = 0;
        for (String cookie : cookies) {
            var page = http.send(
                    HttpRequest.newBuilder(URI.create(app.site() + "/dashboard"))
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(page.body(), StandardCharsets.UTF_8);
            boolean right = page.statusCode() == 200
                    && body.contains("id=\"balance\"")
                    && (held == null
                            ? !body.contains("id=\"funds\"")
                            : body.contains(reserved) && body.contains(available));
            if (!right) {
                throw new IllegalStateException("The dashboard of " + cookie + " answered " + page.statusCode()
                        + (held == null
                                ? " or shows funds held"
                                : " without «" + reserved + "» and «" + available + "»"));
            }
            bytes = page.body().length;
        }
        return bytes;
    }
}
