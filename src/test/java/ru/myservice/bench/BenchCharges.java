package ru.myservice.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Charges per second through the spend API, made as the site's AI services make them: {@code POST
 * /api/v1/charges} of 0.01 ₽ with a Casdoor access token of the client {@code ai-demo}, each with a new
 * {@code Idempotency-Key} and reference. Once on one hot account (every charge waits for its wallet row)
 * and once spread over 1,000 accounts. Then holds as the README tells the AI services to use them for a
 * streamed answer: {@code POST /api/v1/holds} of 0.02 ₽, then {@code POST /api/v1/holds/{id}/capture} of
 * 0.01 ₽ (the rest released), over the 1,000 accounts. Each scenario is measured as the harness measures
 * every scenario: unmeasured load first, then the median of the runs with their min and max; after each
 * of these runs, the warm-up's too, the ledger is checked against the wallets and against the answers the
 * app gave.
 */
final class BenchCharges {

    static final String CLIENT = "ai-demo";
    static final String CLIENT_SECRET = "bench-ai-secret";
    static final String RIGHTS = "read|charge|refund";
    static final String HOT = "charges: one hot account";
    static final String SPREAD = "charges: 1,000 accounts";
    static final String HOLDS = "holds: 1,000 accounts, each captured";
    static final String AMOUNT = "0.01";
    /** What each hold reserves; its capture takes {@link #AMOUNT} and releases the rest. */
    static final String HOLD_AMOUNT = "0.02";
    /** Long enough that no hold of a run expires before the run is checked. */
    private static final int HOLD_SECONDS = 3_600;

    private static final int SPREAD_ACCOUNTS = 1_000;
    private static final long WARM_UP_CHARGES = 5_000;
    private static final long WARM_UP_HOLDS = 2_500;
    private static final Duration SETTLED = Duration.ofSeconds(2);
    private static final String WARM_UP_ROUND = "5s";
    private static final int WARM_UP_ROUNDS = 12;
    // Far more than a run can spend at 0.01 a charge, so every answer should be a 201.
    private static final BigDecimal HOT_FUNDS = new BigDecimal("1000000.00");
    private static final BigDecimal SPREAD_FUNDS = new BigDecimal("10000.00");

    private BenchCharges() {}

    /**
     * The hot account ({@code spend-0}) and 1,000 more ({@code spend-1} to {@code spend-1000}), each
     * funded by one top-up entry in the ledger, written in the statement that opens its wallet with the
     * same balance (the database checks at commit that the two agree).
     */
    static void seed(JdbcClient db) {
        db.sql("""
                insert into myservice.accounts (id, display_name, email, email_verified)
                select md5('spend-' || n)::uuid, 'Покупатель ' || n, 'spend-' || n || '@example.ru', false
                from generate_series(0, :n) n on conflict do nothing
                """).param("n", SPREAD_ACCOUNTS).update();
        db.sql("""
                with opened as (
                    insert into myservice.wallets (account_id, email, balance)
                    select md5('spend-' || n)::uuid, 'spend-' || n || '@example.ru',
                           case when n = 0 then :hot else :each end
                    from generate_series(0, :n) n
                    on conflict do nothing
                    returning id, balance)
                insert into myservice.ledger_entries (wallet_id, amount, kind, reference, balance_after)
                select id, balance, 'topup', 'bench-funding-' || id, balance from opened
                """)
                .param("hot", HOT_FUNDS)
                .param("each", SPREAD_FUNDS)
                .param("n", SPREAD_ACCOUNTS)
                .update();
    }

    static List<String> hotAccount(JdbcClient db) {
        return accounts(db, 0, 0);
    }

    static List<String> spreadAccounts(JdbcClient db) {
        return accounts(db, 1, SPREAD_ACCOUNTS);
    }

    private static List<String> accounts(JdbcClient db, int from, int to) {
        return db.sql("select md5('spend-' || n)::uuid::text from generate_series(:from, :to) n")
                .param("from", from)
                .param("to", to)
                .query(String.class)
                .list();
    }

    /**
     * Charges the 1,000 accounts unmeasured, in rounds of {@link #WARM_UP_ROUND}, until the app has
     * answered {@link #WARM_UP_CHARGES} (at most {@link #WARM_UP_ROUNDS} rounds), so that neither scenario
     * runs while the JIT is still compiling the way a charge takes: a few hundred charges leave the rate
     * at a third of what it becomes. Returns how many the app answered.
     */
    static long warmUp(BenchApp app, String token, int connections) throws IOException, InterruptedException {
        List<String> accounts = spreadAccounts(app.db());
        long answered = 0;
        for (int round = 1; round <= WARM_UP_ROUNDS && answered < WARM_UP_CHARGES; round++) {
            Wrk.counted(
                    app.site() + "/api/v1/charges",
                    script(token, "warm-up-" + round, accounts),
                    WARM_UP_ROUND,
                    connections);
            answered = settledAnswers(app.db(), "warm-up").values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
        return answered;
    }

    /**
     * Places and captures holds on the 1,000 accounts unmeasured, as {@link #warmUp} charges them, until
     * {@link #WARM_UP_HOLDS} holds are captured: the first holds are the slowest answers of the app, so
     * slow on shared cores that a short warm-up of their own may read none of them. Returns how many
     * were captured.
     */
    static long warmUpHolds(BenchApp app, String token, int connections) throws IOException, InterruptedException {
        List<String> accounts = spreadAccounts(app.db());
        long captured = 0;
        for (int round = 1; round <= WARM_UP_ROUNDS && captured < WARM_UP_HOLDS; round++) {
            Wrk.counted(
                    app.site() + "/api/v1/holds",
                    holdScript(token, "jit-holds-" + round, accounts),
                    WARM_UP_ROUND,
                    connections);
            settledAnswers(app.db(), "jit-holds-" + round);
            captured = answers(app.db(), "jit-holds-%-capture").get("201");
        }
        return captured;
    }

    /** How each scenario is measured: the length of a run, the unmeasured load before, the runs, wrk's connections. */
    record Method(String duration, String warmUp, int runs, int connections) {}

    /**
     * Charges on {@code accounts} as one scenario of the report: {@link #run} for {@code warmUp} (not
     * counted), then {@code runs} times; the run with the median {@code chargesPerSecond}, with the
     * rate's min and max and each run in {@code runs}. {@code ledgerInvariantHolds} is whether the ledger
     * held after every one of them, the warm-up's included.
     */
    static Map<String, Object> charges(BenchApp app, String token, String tag, List<String> accounts, Method method)
            throws IOException, InterruptedException {
        return measured(
                tag,
                method,
                "chargesPerSecond",
                (t, duration, measured) -> run(app, token, t, accounts, duration, method.connections(), measured));
    }

    /** Holds placed and captured on {@code accounts} ({@link #holds}), measured as {@link #charges}. */
    static Map<String, Object> holds(BenchApp app, String token, String tag, List<String> accounts, Method method)
            throws IOException, InterruptedException {
        return measured(
                tag,
                method,
                "holdsPerSecond",
                (t, duration, measured) -> holds(app, token, t, accounts, duration, method.connections(), measured));
    }

    /** One run of a scenario, under its own tag, for a duration; a measured one must succeed at least once. */
    private interface Run {
        Map<String, Object> run(String tag, String duration, boolean measured) throws IOException, InterruptedException;
    }

    private static Map<String, Object> measured(String tag, Method method, String rate, Run run)
            throws IOException, InterruptedException {
        boolean held = true;
        if (Wrk.warms(method.warmUp())) {
            held = Boolean.TRUE.equals(
                    run.run(tag + "-warm-up", method.warmUp(), false).get("ledgerInvariantHolds"));
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (int i = 1; i <= method.runs(); i++) {
            var result = run.run(tag + "-" + i, method.duration(), true);
            held &= Boolean.TRUE.equals(result.get("ledgerInvariantHolds"));
            all.add(result);
        }
        var result = Wrk.median(all, rate, method.warmUp());
        result.put("ledgerInvariantHolds", held);
        return result;
    }

    /**
     * Charges {@code accounts}, one picked at random per request, for {@code duration}; then waits for
     * the app to finish the charges wrk no longer waited for and checks the ledger.
     */
    static Map<String, Object> run(
            BenchApp app,
            String token,
            String tag,
            List<String> accounts,
            String duration,
            int connections,
            boolean measured)
            throws IOException, InterruptedException {
        JdbcClient db = app.db();
        long entriesBefore = chargeEntries(db);
        BigDecimal fundsBefore = funds(db, accounts);

        Map<String, Object> result =
                Wrk.counted(app.site() + "/api/v1/charges", script(token, tag, accounts), duration, connections);

        Map<String, Long> answered = settledAnswers(db, tag);
        long created = answered.get("201");
        if (measured && created == 0) {
            throw new IllegalStateException("No charge of «" + tag + "» succeeded: answers " + answered + ", wrk "
                    + result + "; see target/bench-app.log");
        }
        long entries = chargeEntries(db) - entriesBefore;
        long recorded = db.sql(
                        "select count(*) from myservice.charges where client_id = :client and reference like :tag")
                .param("client", CLIENT)
                .param("tag", tag + "-%")
                .query(Long.class)
                .single();
        BigDecimal charged = fundsBefore.subtract(funds(db, accounts));
        long walletsOff = walletsOffTheirLedger(db);
        long entriesOff = entriesOffTheirRunningBalance(db);
        @SuppressWarnings("unchecked")
        long seen = (Long) ((Map<String, Object>) result.get("statuses")).get("201");

        boolean holds = walletsOff == 0
                && entriesOff == 0
                && entries == created
                && recorded == created
                && charged.compareTo(new BigDecimal(AMOUNT).multiply(BigDecimal.valueOf(created))) == 0;

        long requests = (Long) result.get("requests");
        long rate = (Long) result.get("requestsPerSecond");
        result.put("accounts", accounts.size());
        result.put("chargesPerSecond", requests == 0 ? 0 : Math.round((double) rate * seen / requests));
        result.put("answeredByApp", answered);
        // wrk stops reading when its time is up: up to one answer per connection goes unread.
        result.put("createdUnreadByWrk", created - seen);
        result.put("chargeEntries", entries);
        result.put("chargesRecorded", recorded);
        result.put("charged", charged.toPlainString());
        result.put("walletsOffTheirLedger", walletsOff);
        result.put("entriesOffTheirRunningBalance", entriesOff);
        result.put("ledgerInvariantHolds", holds);
        return result;
    }

    /**
     * Places holds of {@link #HOLD_AMOUNT} on {@code accounts}, one picked at random per hold, and
     * captures each as soon as its answer comes, for {@code duration}; then waits for the app to finish
     * what wrk no longer waited for and checks the ledger and the holds: the holds recorded are the 201
     * answers to placing them, the charges (and their entries) those to capturing them, and what is
     * still held on the accounts is the holds of the run not yet captured.
     */
    static Map<String, Object> holds(
            BenchApp app,
            String token,
            String tag,
            List<String> accounts,
            String duration,
            int connections,
            boolean measured)
            throws IOException, InterruptedException {
        JdbcClient db = app.db();
        long entriesBefore = chargeEntries(db);
        BigDecimal fundsBefore = funds(db, accounts);
        BigDecimal heldBefore = held(db, accounts);

        Map<String, Object> result =
                Wrk.counted(app.site() + "/api/v1/holds", holdScript(token, tag, accounts), duration, connections);

        Map<String, Long> answered = settledAnswers(db, tag);
        Map<String, Long> captures = answers(db, tag + "-%-capture");
        Map<String, Long> placing = new LinkedHashMap<>(answered);
        captures.forEach((status, count) -> placing.merge(status, -count, Long::sum));
        long placed = placing.get("201");
        long captured = captures.get("201");
        if (measured && captured == 0) {
            throw new IllegalStateException("No hold of «" + tag + "» was captured: answers " + answered + ", wrk "
                    + result + "; see target/bench-app.log");
        }
        long entries = chargeEntries(db) - entriesBefore;
        long holdsRecorded = db.sql(
                        "select count(*) from myservice.spend_holds where client_id = :client and reference like :tag")
                .param("client", CLIENT)
                .param("tag", tag + "-%")
                .query(Long.class)
                .single();
        long chargesRecorded = db.sql("""
                select count(*) from myservice.charges
                where client_id = :client and reference like :tag and hold_id is not null
                """)
                .param("client", CLIENT)
                .param("tag", tag + "-%")
                .query(Long.class)
                .single();
        long stillActive = db.sql("""
                select count(*) from myservice.spend_holds s join myservice.holds h on h.id = s.hold_id
                where s.client_id = :client and s.reference like :tag and h.state = 'active'
                """)
                .param("client", CLIENT)
                .param("tag", tag + "-%")
                .query(Long.class)
                .single();
        BigDecimal charged = fundsBefore.subtract(funds(db, accounts));
        BigDecimal heldLeft = held(db, accounts).subtract(heldBefore);
        long walletsOff = walletsOffTheirLedger(db);
        long entriesOff = entriesOffTheirRunningBalance(db);

        boolean holds = walletsOff == 0
                && entriesOff == 0
                && holdsRecorded == placed
                && chargesRecorded == captured
                && entries == captured
                && stillActive == placed - captured
                && charged.compareTo(new BigDecimal(AMOUNT).multiply(BigDecimal.valueOf(captured))) == 0
                && heldLeft.compareTo(new BigDecimal(HOLD_AMOUNT).multiply(BigDecimal.valueOf(placed - captured))) == 0;

        long requests = (Long) result.get("requests");
        long rate = (Long) result.get("requestsPerSecond");
        long seen = (Long) result.get("capturedRead");
        result.put("accounts", accounts.size());
        result.put("holdsPerSecond", requests == 0 ? 0 : Math.round((double) rate * seen / requests));
        result.put("answeredByApp", answered);
        result.put("placingAnsweredByApp", placing);
        result.put("capturingAnsweredByApp", captures);
        result.put("holdsRecorded", holdsRecorded);
        result.put("chargesRecorded", chargesRecorded);
        result.put("chargeEntries", entries);
        result.put("charged", charged.toPlainString());
        result.put("holdsStillActive", stillActive);
        result.put("heldLeft", heldLeft.toPlainString());
        result.put("walletsOffTheirLedger", walletsOff);
        result.put("entriesOffTheirRunningBalance", entriesOff);
        result.put("ledgerInvariantHolds", holds);
        return result;
    }

    /**
     * The {@code charges} section of the report: each scenario's rate (median, min, max) and
     * percentiles, the dashboard with and without holds, and whether the ledger held after every run.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> summary(String variant, Map<String, Object> result) {
        var scenarios = (Map<String, Object>) result.get("scenarios");
        var hot = (Map<String, Object>) scenarios.get(HOT);
        var spread = (Map<String, Object>) scenarios.get(SPREAD);
        var holds = (Map<String, Object>) scenarios.get(HOLDS);
        var withoutHolds = (Map<String, Object>) scenarios.get(DashboardWithHolds.WITHOUT);
        var withHolds = (Map<String, Object>) scenarios.get(DashboardWithHolds.WITH);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("variant", variant);
        summary.put("client", CLIENT);
        summary.put("amount", AMOUNT);
        summary.put("holdAmount", HOLD_AMOUNT);
        summary.put("warmUpCharges", result.get("chargesWarmUp"));
        summary.put("warmUpHolds", result.get("holdsWarmUp"));
        figures(summary, "hotAccount", hot, "chargesPerSecond");
        figures(summary, "thousandAccounts", spread, "chargesPerSecond");
        figures(summary, "holds", holds, "holdsPerSecond");
        figures(summary, "dashboardWithoutHolds", withoutHolds, "requestsPerSecond");
        figures(summary, "dashboardWithHolds", withHolds, "requestsPerSecond");
        summary.put(
                "dashboardWithHoldsVsWithout",
                Math.round(((Number) withHolds.get("requestsPerSecond")).doubleValue()
                                / Math.max(1, ((Number) withoutHolds.get("requestsPerSecond")).doubleValue())
                                * 100)
                        / 100.0);
        summary.put(
                "ledgerInvariantHolds",
                Stream.of(hot, spread, holds).allMatch(s -> Boolean.TRUE.equals(s.get("ledgerInvariantHolds"))));
        return summary;
    }

    /** {@code <name>PerSecond}, its min and max, p50 and p99 of one scenario, by its {@code rate}. */
    private static void figures(Map<String, Object> summary, String name, Map<String, Object> scenario, String rate) {
        String suffix = Character.toUpperCase(rate.charAt(0)) + rate.substring(1);
        summary.put(name + "PerSecond", scenario.get(rate));
        summary.put(name + "MinPerSecond", scenario.get("min" + suffix));
        summary.put(name + "MaxPerSecond", scenario.get("max" + suffix));
        summary.put(name + "P50Ms", scenario.get("p50Ms"));
        summary.put(name + "P99Ms", scenario.get("p99Ms"));
    }

    /**
     * Each request a charge on a random one of {@code accounts}. Its Idempotency-Key and reference are
     * one name: the tag, wrk's thread, a random number drawn once per thread, and the thread's count.
     */
    private static String script(String token, String tag, List<String> accounts) {
        String list = accounts.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
        return """
                local accounts = {%s}
                local headers = {
                  ["Authorization"] = "Bearer %s",
                  ["Content-Type"] = "application/json",
                }
                local prefix
                local counter = 0
                function init(args)
                  math.randomseed(os.time() + thread_number * 7919)
                  prefix = "%s-" .. thread_number .. "-" .. math.random(100000000, 999999999) .. "-"
                end
                function request()
                  counter = counter + 1
                  local name = prefix .. counter
                  headers["Idempotency-Key"] = name
                  local body = '{"account":"' .. accounts[math.random(#accounts)] .. '","amount":"%s",'
                    .. '"reference":"' .. name .. '","description":"Нагрузочный тест"}'
                  return wrk.format("POST", "/api/v1/charges", headers, body)
                end
                """.formatted(list, token, tag, AMOUNT);
    }

    /**
     * Each request places a hold of {@link #HOLD_AMOUNT} on a random one of {@code accounts}, or, when
     * one of this thread's holds has been answered and not yet captured, captures {@link #AMOUNT} of it.
     * A hold's reference and Idempotency-Key are one name as in {@link #script}; its capture's key is that
     * name with {@code -capture}. {@code captured} counts the captures answered 201.
     */
    private static String holdScript(String token, String tag, List<String> accounts) {
        String list = accounts.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
        return """
                local accounts = {%s}
                local headers = {
                  ["Authorization"] = "Bearer %s",
                  ["Content-Type"] = "application/json",
                }
                local prefix
                local counter = 0
                local placed = {}
                captured = 0
                function init(args)
                  math.randomseed(os.time() + thread_number * 7919)
                  prefix = "%s-" .. thread_number .. "-" .. math.random(100000000, 999999999) .. "-"
                end
                function request()
                  local hold = table.remove(placed)
                  if hold then
                    headers["Idempotency-Key"] = hold.name .. "-capture"
                    return wrk.format("POST", "/api/v1/holds/" .. hold.id .. "/capture", headers, '{"amount":"%s"}')
                  end
                  counter = counter + 1
                  local name = prefix .. counter
                  headers["Idempotency-Key"] = name
                  local body = '{"account":"' .. accounts[math.random(#accounts)] .. '","amount":"%s",'
                    .. '"expiresIn":%d,"reference":"' .. name .. '","description":"Нагрузочный тест"}'
                  return wrk.format("POST", "/api/v1/holds", headers, body)
                end
                function answered(status, body)
                  if status ~= 201 then return end
                  if body:find('"state":"active"', 1, true) then
                    table.insert(placed, { id = body:match('"id":"([^"]+)"'), name = body:match('"reference":"([^"]+)"') })
                  elseif body:find('"holdId":"', 1, true) then
                    captured = captured + 1
                  end
                end
                """.formatted(list, token, tag, AMOUNT, HOLD_AMOUNT, HOLD_SECONDS);
    }

    /**
     * The answers the app kept with the scenario's keys, once their number has not grown for {@link
     * #SETTLED}: on shared cores a request wrk no longer waited for may take a second or more to finish.
     */
    private static Map<String, Long> settledAnswers(JdbcClient db, String tag) throws InterruptedException {
        long last = -1;
        int steady = 0;
        for (int i = 0; i < 150 && steady < SETTLED.toMillis() / 200; i++) {
            long now = db.sql(
                            "select count(*) from myservice.idempotency_keys where client_id = :client and key like :tag")
                    .param("client", CLIENT)
                    .param("tag", tag + "-%")
                    .query(Long.class)
                    .single();
            steady = now == last ? steady + 1 : 0;
            last = now;
            Thread.sleep(200);
        }
        return answers(db, tag + "-%");
    }

    /** The answers the app kept with the keys {@code like} the pattern, by status: 201, 402 and other. */
    private static Map<String, Long> answers(JdbcClient db, String pattern) {
        Map<String, Long> answered = new LinkedHashMap<>();
        for (String status : List.of("201", "402", "other")) {
            answered.put(status, 0L);
        }
        db.sql("""
                select status, count(*) from myservice.idempotency_keys
                where client_id = :client and key like :pattern group by status
                """)
                .param("client", CLIENT)
                .param("pattern", pattern)
                .query((rs, n) -> Map.entry(rs.getInt(1), rs.getLong(2)))
                .list()
                .forEach(e -> answered.merge(
                        e.getKey() == 201 || e.getKey() == 402 ? e.getKey().toString() : "other",
                        e.getValue(),
                        Long::sum));
        return answered;
    }

    private static long chargeEntries(JdbcClient db) {
        return db.sql("select count(*) from myservice.ledger_entries where kind = 'charge'")
                .query(Long.class)
                .single();
    }

    private static BigDecimal funds(JdbcClient db, List<String> accounts) {
        return db.sql("select coalesce(sum(balance), 0) from myservice.wallets where account_id::text in (:accounts)")
                .param("accounts", accounts)
                .query(BigDecimal.class)
                .single();
    }

    private static BigDecimal held(JdbcClient db, List<String> accounts) {
        return db.sql("select coalesce(sum(held), 0) from myservice.wallets where account_id::text in (:accounts)")
                .param("accounts", accounts)
                .query(BigDecimal.class)
                .single();
    }

    /**
     * Wallets whose balance is negative, or is not the sum of their ledger or their last entry's
     * balance_after, or whose held money is not the sum of their active holds.
     */
    private static long walletsOffTheirLedger(JdbcClient db) {
        return db.sql("""
                select count(*) from myservice.wallets w
                where w.balance < 0
                   or w.balance <> coalesce((select sum(e.amount) from myservice.ledger_entries e
                                             where e.wallet_id = w.id), 0)
                   or w.balance <> coalesce((select e.balance_after from myservice.ledger_entries e
                                             where e.wallet_id = w.id order by e.id desc limit 1), 0)
                   or w.held <> coalesce((select sum(h.amount) from myservice.holds h
                                          where h.wallet_id = w.id and h.state = 'active'), 0)
                """).query(Long.class).single();
    }

    /** Ledger entries whose balance_after is not their wallet's running sum up to them. */
    private static long entriesOffTheirRunningBalance(JdbcClient db) {
        return db.sql("""
                select count(*) from (
                    select balance_after, sum(amount) over (partition by wallet_id order by id) as running
                    from myservice.ledger_entries) e
                where e.balance_after <> e.running
                """).query(Long.class).single();
    }
}
