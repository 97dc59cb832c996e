package ru.myservice.bench;

import java.util.List;
import java.util.Map;

/** The benchmark's findings as Markdown, each figure next to its target. */
final class BenchReport {

    private BenchReport() {}

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> report) {
        var out = new StringBuilder("# Benchmark\n\n");
        out.append("Date: ")
                .append(report.get("date"))
                .append(". Cores: ")
                .append(report.get("cores"))
                .append(" (load average ")
                .append(report.get("loadAverageAtStart"))
                .append(" at the start)")
                .append(". Data: ")
                .append(report.get("accounts"))
                .append(" accounts, ")
                .append(report.get("payments"))
                .append(" payments. wrk: ")
                .append(report.get("wrk"))
                .append(".\n\n");
        if ("charges".equals(report.get("only"))) {
            out.append("Only the charges ran (`BENCH_ONLY=charges`), on the default variant.\n\n");
        }
        if ("notifications".equals(report.get("only"))) {
            out.append("Only the notifications ran (`BENCH_ONLY=notifications`), on the default variant.\n\n");
        }
        if ("dashboard".equals(report.get("only"))) {
            out.append("Only the comparison with the original service ran (`BENCH_ONLY=dashboard`): our floor and")
                    .append(" dashboard on the default variant, then the replica.\n\n");
        }
        out.append("Each figure is the median of ")
                .append(report.get("runsPerScenario"))
                .append(" runs (the run with the median rate; the rates' min–max in brackets), each scenario after ")
                .append(report.get("warmUpPerScenario"))
                .append(" of unmeasured load on the same address. The app, PostgreSQL and wrk share the same ")
                .append(report.get("cores"))
                .append(" cores.\n\n");
        var variants = (Map<String, Object>) report.get("variants");
        for (var variant : variants.entrySet()) {
            var result = (Map<String, Object>) variant.getValue();
            out.append("## ").append(variant.getKey()).append("\n\n");
            out.append("Ready in ")
                    .append(result.get("readySeconds"))
                    .append(" s (target ≤ 3 s); resident memory ")
                    .append(result.get("rssAfterStartMb"))
                    .append(" MB after start, ")
                    .append(result.get("rssMaxMb"))
                    .append(" MB at most under load (target ≤ 384 MB).\n\n");
            out.append("| scenario | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
            var scenarios = (Map<String, Object>) result.get("scenarios");
            for (var scenario : scenarios.entrySet()) {
                var s = (Map<String, Object>) scenario.getValue();
                if (s.containsKey("creditsPerSecond")) {
                    out.append("| ")
                            .append(scenario.getKey())
                            .append(" | ")
                            .append(s.get("creditsPerSecond"))
                            .append(
                                    s.containsKey("minCreditsPerSecond")
                                            ? " (" + s.get("minCreditsPerSecond") + "–" + s.get("maxCreditsPerSecond")
                                                    + ")"
                                            : "")
                            .append(" credits/s (")
                            .append(s.get("credited"))
                            .append(" of ")
                            .append(s.get("notifications"))
                            .append(" verified; ")
                            .append(s.get("duplicates"))
                            .append(" duplicates credited ")
                            .append(s.get("duplicateCredits"))
                            .append(" more) | | | ")
                            .append(s.getOrDefault("errorsInAllRuns", s.get("errors")))
                            .append(" |\n");
                } else {
                    row(out, scenario.getKey(), s);
                }
            }
            var floor = (Map<String, Object>) scenarios.get("floor: static file");
            var dashboard = (Map<String, Object>) scenarios.get("/dashboard (200 sessions)");
            var half = (Map<String, Object>) scenarios.get("/dashboard at half that rate");
            if (floor != null && dashboard != null && half != null) {
                double share = ((Number) dashboard.get("requestsPerSecond")).doubleValue()
                        / Math.max(1, ((Number) floor.get("requestsPerSecond")).doubleValue());
                double spread = ((Number) half.getOrDefault("p99Ms", 0)).doubleValue()
                        / Math.max(0.001, ((Number) half.getOrDefault("p50Ms", 1)).doubleValue());
                out.append("\nDashboard: ")
                        .append(Math.round(share * 100))
                        .append(" % of the floor's rate (target ≥ 45 %); ")
                        .append("p99/p50 ")
                        .append(Math.round(spread * 10) / 10.0)
                        .append(" at half its maximum rate (target ≤ 5).\n");
            }
            for (var scenario : scenarios.entrySet()) {
                var s = (Map<String, Object>) scenario.getValue();
                if (s.containsKey("creditsPerSecond")) {
                    notifications(out, scenario.getKey(), s);
                }
            }
            var database = (Map<String, Object>) result.get("dashboardDatabase");
            if (database != null) {
                database(out, database);
            }
            out.append('\n');
        }
        var replica = (Map<String, Object>) report.get("seedMvp");
        if (replica != null) {
            seedMvp(out, replica, (Map<String, Object>) report.get("ratios"), variants);
        }
        var order = (List<String>) report.get("order");
        if (order != null) {
            out.append("Order of the measurements: ")
                    .append(String.join(" → ", order))
                    .append(".\n\n");
        }
        var charges = (Map<String, Object>) report.get("charges");
        if (charges != null) {
            charges(out, charges, (Map<String, Object>) variants.get(charges.get("variant")));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void charges(StringBuilder out, Map<String, Object> charges, Map<String, Object> variant) {
        var scenarios = (Map<String, Object>) variant.get("scenarios");
        out.append("## Charges\n\n")
                .append("`POST /api/v1/charges` of ")
                .append(charges.get("amount"))
                .append(" ₽ with a Casdoor access token of `")
                .append(charges.get("client"))
                .append("`, a new `Idempotency-Key` and reference each, on ")
                .append(charges.get("variant"))
                .append(", after ")
                .append(charges.get("warmUpCharges"))
                .append(" unmeasured charges on the 1,000 accounts to warm the JIT up. wrk waits up to ")
                .append(Wrk.COUNTED_TIMEOUT)
                .append(" for an answer; its errors are the 402s, the other failed answers and its socket errors")
                .append(" (answers slower than that count as timeouts). It stops reading when its time is up, so")
                .append(" the app may have answered up to one charge per connection that wrk never read.\n\n")
                .append("| scenario | charges/s | p50 ms | p99 ms | 201 / 402 / other read by wrk")
                .append(" | 201 / 402 / other answered by the app | charge entries | charged ₽ | ledger |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (var name : List.of(BenchCharges.HOT, BenchCharges.SPREAD)) {
            var s = (Map<String, Object>) scenarios.get(name);
            out.append("| ")
                    .append(name.substring(name.indexOf(':') + 2))
                    .append(" | ")
                    .append(s.get("chargesPerSecond"))
                    .append(" | ")
                    .append(s.get("p50Ms"))
                    .append(" | ")
                    .append(s.get("p99Ms"))
                    .append(" | ")
                    .append(counts((Map<String, Object>) s.get("statuses")))
                    .append(" | ")
                    .append(counts((Map<String, Object>) s.get("answeredByApp")))
                    .append(" | ")
                    .append(s.get("chargeEntries"))
                    .append(" | ")
                    .append(s.get("charged"))
                    .append(" | ")
                    .append(Boolean.TRUE.equals(s.get("ledgerInvariantHolds")) ? "holds" : "**broken**")
                    .append(" |\n");
        }
        out.append("\nLedger invariant, checked after each scenario: every wallet's balance equals the sum of its")
                .append(" ledger and its last entry's balance_after, its held money the sum of its active holds,")
                .append(" no balance is negative, every entry continues its wallet's running balance; the charge")
                .append(" entries, the charges recorded and the money charged match the app's 201 answers. ")
                .append(Boolean.TRUE.equals(charges.get("ledgerInvariantHolds")) ? "It held." : "**It was broken.**")
                .append("\n\n");
    }

    @SuppressWarnings("unchecked")
    private static void seedMvp(
            StringBuilder out, Map<String, Object> replica, Map<String, Object> ratios, Map<String, Object> variants) {
        var ours = (Map<String, Object>) variants.values().iterator().next();
        var ourDashboard =
                (Map<String, Object>) ((Map<String, Object>) ours.get("scenarios")).get("/dashboard (200 sessions)");
        out.append("## The original service (seed-mvp)\n\n")
                .append("The replica of the original service in `bench/seed-mvp/` (")
                .append(replica.get("stack"))
                .append("; Debian's packages), on the same PostgreSQL with the same data's shape in tables of its")
                .append(" own, after ours stopped, measured as ours (warm-up, median of the runs) after a check of")
                .append(" each session's page; load average ")
                .append(replica.get("loadAverageAtStart"))
                .append(" when it started. Ready in ")
                .append(replica.get("readySeconds"))
                .append(" s; resident memory (both workers and their parent) ")
                .append(replica.get("rssAfterStartMb"))
                .append(" MB after start, ")
                .append(replica.get("rssMaxMb"))
                .append(" MB at most under load. Its dashboard is ")
                .append(replica.get("dashboardBytes"))
                .append(" bytes, ours ")
                .append(ourDashboard == null ? "?" : ourDashboard.get("pageBytes"))
                .append(".\n\n");
        out.append("| scenario | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
        for (var scenario : ((Map<String, Object>) replica.get("scenarios")).entrySet()) {
            row(out, scenario.getKey(), (Map<String, Object>) scenario.getValue());
        }
        out.append("\nOur dashboard serves ")
                .append(ratios.get("dashboardVsSeedMvp"))
                .append(" × the replica's requests per second; our floor (a static file) ")
                .append(ratios.get("floorVsSeedMvpPing"))
                .append(" × its `/ping`.\n\n");
    }

    /** How the notifications were delivered and what one credit cost PostgreSQL. */
    @SuppressWarnings("unchecked")
    private static void notifications(StringBuilder out, String name, Map<String, Object> s) {
        out.append("\n")
                .append(name)
                .append(": ")
                .append(s.get("people"))
                .append(" signed-in people start ")
                .append(s.get("notifications"))
                .append(" top-ups through `POST /api/topups` and pay them in the YooKassa stand-in (its own JVM),")
                .append(" notifications held back; then every `payment.succeeded` is delivered at once from the")
                .append(" harness's senders, each verified by the app with `GET /v3/payments/{id}` before the credit,")
                .append(" then all again in another order. One batch unmeasured (")
                .append(s.get("warmUpCreditsPerSecond"))
                .append(" credits/s), then the runs: ")
                .append(s.get("creditsPerSecondByRun"))
                .append(" credits/s, ")
                .append(s.get("errorsInAllRuns"))
                .append(" answers other than 200, ")
                .append(s.get("duplicateCreditsInAllRuns"))
                .append(" credits from duplicates; every payment credited exactly once: ")
                .append(Boolean.TRUE.equals(s.get("everyPaymentCreditedOnce")) ? "yes" : "**no**")
                .append(". Duplicates are answered at ")
                .append(s.get("duplicatesPerSecond"))
                .append("/s.\n");
        var database = (Map<String, Object>) s.get("database");
        if (database == null) {
            return;
        }
        out.append("\nWhat one credit costs PostgreSQL, counted over the last run's ")
                .append(database.get("credits"))
                .append(" credits (the app's background work included): **")
                .append(database.get("transactionsPerCredit"))
                .append(" transactions**, **")
                .append(database.get("statementsPerCredit"))
                .append(" statements** run by PostgreSQL (the ledger's invariant triggers' three included,")
                .append(" those reading `new.`). The statements, per credit:\n\n")
                .append("| per credit | statement |\n|---:|---|\n");
        for (var row : (List<Map<String, Object>>) database.get("statements")) {
            out.append("| ")
                    .append(row.get("callsPerCredit"))
                    .append(Boolean.TRUE.equals(row.get("byTrigger")) ? " (trigger)" : "")
                    .append(" | `")
                    .append(String.valueOf(row.get("query")).replace("|", "\\|").replace("`", "'"))
                    .append("` |\n");
        }
    }

    @SuppressWarnings("unchecked")
    private static void database(StringBuilder out, Map<String, Object> database) {
        out.append("\nWhat one dashboard view costs PostgreSQL, counted in its statistics over ")
                .append(database.get("views"))
                .append(" views one after another (")
                .append(database.get("sessionsUsed"))
                .append(" sessions, each used within the last minute; the app's own background work, ")
                .append(database.get("backgroundTransactionsPerSecond"))
                .append(" transactions/s while idle, taken off): **")
                .append(database.get("transactionsPerView"))
                .append(" transactions** (target ≤ 1), **")
                .append(database.get("statementsPerView"))
                .append(" statements** (target ≤ 3), ")
                .append(database.get("sessionUpdatesPerView"))
                .append(" session-row updates (target 0). The statements, per view:\n\n")
                .append("| per view | statement |\n|---:|---|\n");
        for (var row : (List<Map<String, Object>>) database.get("statements")) {
            out.append("| ")
                    .append(row.get("callsPerView"))
                    .append(" | `")
                    .append(String.valueOf(row.get("query")).replace("|", "\\|").replace("`", "'"))
                    .append("` |\n");
        }
    }

    /** One scenario's line of a «scenario | req/s | p50 ms | p99 ms | errors» table. */
    private static void row(StringBuilder out, String name, Map<String, Object> scenario) {
        out.append("| ")
                .append(name)
                .append(" | ")
                .append(rate(scenario))
                .append(" | ")
                .append(scenario.get("p50Ms"))
                .append(" | ")
                .append(scenario.get("p99Ms"))
                .append(" | ")
                .append(scenario.get("errors"))
                .append(" |\n");
    }

    /** The median rate, and the runs' min–max when there were several. */
    private static String rate(Map<String, Object> scenario) {
        Object min = scenario.get("minRequestsPerSecond");
        Object max = scenario.get("maxRequestsPerSecond");
        return scenario.get("requestsPerSecond") + (min == null ? "" : " (" + min + "–" + max + ")");
    }

    private static String counts(Map<String, Object> statuses) {
        return statuses.get("201") + " / " + statuses.get("402") + " / " + statuses.get("other");
    }
}
