package ru.myservice.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Charges per second through the spend API, made as the site's AI services make them: {@code POST
 * /api/v1/charges} of 0.01 ₽ with a Casdoor access token of the client {@code ai-demo}, each with a new
 * {@code Idempotency-Key} and reference. Once on one hot account (every charge waits for its wallet row)
 * and once spread over 1,000 accounts. After each run the ledger is checked against the wallets and
 * against the answers the app gave.
 */
final class BenchCharges {

    static final String CLIENT = "ai-demo";
    static final String CLIENT_SECRET = "bench-ai-secret";
    static final String RIGHTS = "read|charge|refund";
    static final String HOT = "charges: one hot account";
    static final String SPREAD = "charges: 1,000 accounts";
    static final String AMOUNT = "0.01";

    private static final int SPREAD_ACCOUNTS = 1_000;
    private static final long WARM_UP_CHARGES = 5_000;
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
     * Charges {@code accounts}, one picked at random per request, for {@code duration}; then waits for
     * the app to finish the charges wrk no longer waited for and checks the ledger.
     */
    static Map<String, Object> run(
            BenchApp app, String token, String tag, List<String> accounts, String duration, int connections)
            throws IOException, InterruptedException {
        JdbcClient db = app.db();
        long entriesBefore = chargeEntries(db);
        BigDecimal fundsBefore = funds(db, accounts);

        Map<String, Object> result =
                Wrk.counted(app.site() + "/api/v1/charges", script(token, tag, accounts), duration, connections);

        Map<String, Long> answered = settledAnswers(db, tag);
        long created = answered.get("201");
        if (created == 0) {
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

    /** The {@code charges} section of the report: both scenarios' rates and whether the ledger held. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> summary(String variant, Map<String, Object> result) {
        var scenarios = (Map<String, Object>) result.get("scenarios");
        var hot = (Map<String, Object>) scenarios.get(HOT);
        var spread = (Map<String, Object>) scenarios.get(SPREAD);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("variant", variant);
        summary.put("client", CLIENT);
        summary.put("amount", AMOUNT);
        summary.put("warmUpCharges", result.get("chargesWarmUp"));
        summary.put("hotAccountPerSecond", hot.get("chargesPerSecond"));
        summary.put("hotAccountP50Ms", hot.get("p50Ms"));
        summary.put("hotAccountP99Ms", hot.get("p99Ms"));
        summary.put("thousandAccountsPerSecond", spread.get("chargesPerSecond"));
        summary.put("thousandAccountsP50Ms", spread.get("p50Ms"));
        summary.put("thousandAccountsP99Ms", spread.get("p99Ms"));
        summary.put(
                "ledgerInvariantHolds",
                Boolean.TRUE.equals(hot.get("ledgerInvariantHolds"))
                        && Boolean.TRUE.equals(spread.get("ledgerInvariantHolds")));
        return summary;
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

    /** The answers the app kept with the scenario's keys, once their number stops growing. */
    private static Map<String, Long> settledAnswers(JdbcClient db, String tag) throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            long now = db.sql(
                            "select count(*) from myservice.idempotency_keys where client_id = :client and key like :tag")
                    .param("client", CLIENT)
                    .param("tag", tag + "-%")
                    .query(Long.class)
                    .single();
            if (now == last) {
                break;
            }
            last = now;
            Thread.sleep(200);
        }
        Map<String, Long> answered = new LinkedHashMap<>();
        for (String status : List.of("201", "402", "other")) {
            answered.put(status, 0L);
        }
        db.sql("""
                select status, count(*) from myservice.idempotency_keys
                where client_id = :client and key like :tag group by status
                """)
                .param("client", CLIENT)
                .param("tag", tag + "-%")
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
