package ru.myservice.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The benchmark's findings as Markdown, each figure next to its target. */
final class BenchReport {

    /** Scenarios the «Charges» section gives with their own columns, left out of their variant's table. */
    private static final Set<String> SPENDING = Set.of(
            BenchCharges.HOT,
            BenchCharges.SPREAD,
            BenchCharges.HOLDS,
            DashboardWithHolds.WITHOUT,
            DashboardWithHolds.WITH);

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
        if (report.get("appJvmOptions") instanceof List<?> options) {
            out.append("The app ran with more JVM options (`BENCH_APP_JVM_OPTIONS`): `")
                    .append(String.join(
                            " ", options.stream().map(String::valueOf).toList()))
                    .append("`; its figures are not those of the image alone.\n\n");
        }
        if ("charges".equals(report.get("only"))) {
            out.append("Only the charges ran (`BENCH_ONLY=charges`), on the default variant.\n\n");
        }
        if ("notifications".equals(report.get("only"))) {
            out.append("Only the notifications ran (`BENCH_ONLY=notifications`), on the default variant.\n\n");
        }
        if ("dashboard".equals(report.get("only"))) {
            out.append("Only the comparison with the original service ran (`BENCH_ONLY=dashboard`): our floor and")
                    .append(" dashboard on the default variant, and the replica's dashboard in turns with ours (with")
                    .append(" any `BENCH_BASELINE_JAR` builds' taking their turns too).\n\n");
        }
        out.append("Each figure is the median of ")
                .append(report.get("runsPerScenario"))
                .append(" runs (the run with the median rate; the rates' min–max in brackets), each scenario after ")
                .append(report.get("warmUpPerScenario"))
                .append(" of unmeasured load on the same address; before its first scenario each app (and the")
                .append(" replica) took unmeasured dashboard load in rounds until a round's rate was within 5 % of")
                .append(" the one before and the JIT compiled for less than 5 % of it, as a server long up has")
                .append(" compiled its hot paths (the rounds are given with each dashboard). The app, PostgreSQL and")
                .append(" wrk share the same ")
                .append(report.get("cores"))
                .append(" cores.\n\n");
        var startup = (Map<String, Object>) report.get("startup");
        if (startup != null) {
            startup(out, startup);
        }
        var variants = (Map<String, Object>) report.getOrDefault("variants", Map.of());
        for (var variant : variants.entrySet()) {
            var result = (Map<String, Object>) variant.getValue();
            out.append("## ").append(variant.getKey()).append("\n\n");
            out.append("Ready in ")
                    .append(result.get("readySeconds"))
                    .append(" s (target ≤ 3 s); resident memory ")
                    .append(result.get("rssAfterStartMb"))
                    .append(" MB after start, ")
                    .append(result.get("rssMaxMb"))
                    .append(" MB at most under load (target ≤ 320 MB)");
            if (result.containsKey("rssMaxAnonMb")) {
                out.append(", of which ")
                        .append(result.get("rssMaxAnonMb"))
                        .append(" MB the process's own (heap, compiled code, the JVM's other memory) and ")
                        .append(result.get("rssMaxFileMb"))
                        .append(" MB mapped files (the jars and the AOT cache, which instances of one image share)");
            }
            out.append(".\n\n");
            var scenarios = (Map<String, Object>) result.get("scenarios");
            var memory = scenarios.entrySet().stream()
                    .filter(s -> ((Map<String, Object>) s.getValue()).containsKey("rssMaxMb"))
                    .map(s -> s.getKey() + " " + ((Map<String, Object>) s.getValue()).get("rssMaxMb"))
                    .toList();
            if (!memory.isEmpty()) {
                out.append("The most resident memory in each scenario (MB), each counted from the end of the one")
                        .append(" before, so the first includes the start and the dashboard's settling: ")
                        .append(String.join(", ", memory))
                        .append(".\n\n");
            }
            var shown = scenarios.entrySet().stream()
                    .filter(s -> !SPENDING.contains(s.getKey()))
                    .toList();
            if (!shown.isEmpty()) {
                out.append("| scenario | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
            }
            for (var scenario : shown) {
                var s = (Map<String, Object>) scenario.getValue();
                if (s.containsKey("creditsPerSecond")) {
                    cells(
                            out,
                            scenario.getKey(),
                            rate(s, "creditsPerSecond") + " credits/s (" + s.get("credited") + " of "
                                    + s.get("notifications") + " verified; " + s.get("duplicates")
                                    + " duplicates credited " + s.get("duplicateCredits") + " more)",
                            "",
                            "",
                            s.getOrDefault("errorsInAllRuns", s.get("errors")));
                } else {
                    row(out, scenario.getKey(), s);
                }
            }
            if (shown.size() < scenarios.size()) {
                out.append(shown.isEmpty() ? "" : "\n")
                        .append("The spend API's scenarios and the dashboard with holds are under «Charges» below.\n");
            }
            settled(out, scenarios);
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
    private static void startup(StringBuilder out, Map<String, Object> startup) {
        out.append("## Start-up and memory (`BENCH_ONLY=startup`)\n\n")
                .append(startup.get("starts"))
                .append(" starts of each variant, interleaved. Each: time from the JVM's start to the readiness probe")
                .append(
                        " answering 200 (target ≤ 3 s) and the context's own «Started … in»; resident memory once ready")
                .append(" and the most it reached (target ≤ 320 MB) while ")
                .append(startup.get("sessions"))
                .append(" people signed in and their dashboards were loaded for ")
                .append(startup.get("loadWarmUp"))
                .append(" + ")
                .append(startup.get("loadMeasured"))
                .append(" (the rate and p99 are of the last ")
                .append(startup.get("loadMeasured"))
                .append(", a JIT still warming up). Median (min–max).\n\n")
                .append("| # | variant | ready s | started in s | RSS after start MB | RSS max MB | dashboard req/s")
                .append(" | p99 ms | classes (from AOT cache) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        int number = 1;
        for (var variant : ((Map<String, Object>) startup.get("variants")).entrySet()) {
            var v = (Map<String, Object>) variant.getValue();
            cells(
                    out,
                    number++,
                    variant.getKey(),
                    spread(v.get("readySeconds")),
                    spread(v.get("startedInSeconds")),
                    spread(v.get("rssAfterStartMb")),
                    spread(v.get("rssMaxMb")),
                    spread(v.get("dashboardRequestsPerSecond")),
                    spread(v.get("dashboardP99Ms")),
                    ((Map<String, Object>) v.get("classesLoaded")).get("median") + " ("
                            + ((Map<String, Object>) v.get("classesFromAotCache")).get("median") + ")");
        }
        out.append('\n');
    }

    private static String spread(Object figure) {
        var spread = (Map<?, ?>) figure;
        return spread.get("median") + " (" + spread.get("min") + "–" + spread.get("max") + ")";
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
                .append(" unmeasured charges and ")
                .append(charges.get("warmUpHolds"))
                .append(
                        " holds placed and captured on the 1,000 accounts to warm the JIT up. Then each scenario as every")
                .append(" other: unmeasured load of its own kind, then the runs; the figures are those of the run")
                .append(" with the median rate, with the rates' min–max in brackets. wrk waits up to ")
                .append(Wrk.COUNTED_TIMEOUT)
                .append(" for an answer; its errors are the 402s, the other failed answers and its socket errors")
                .append(" (answers slower than that count as timeouts). It stops reading when its time is up, so")
                .append(" the app may have answered up to one request per connection that wrk never read.\n\n")
                .append("| scenario | charges/s | p50 ms | p99 ms | 201 / 402 / other read by wrk")
                .append(" | 201 / 402 / other answered by the app | charge entries | charged ₽ | ledger |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (var name : List.of(BenchCharges.HOT, BenchCharges.SPREAD)) {
            var s = (Map<String, Object>) scenarios.get(name);
            cells(
                    out,
                    name.substring(name.indexOf(':') + 2),
                    rate(s, "chargesPerSecond"),
                    s.get("p50Ms"),
                    s.get("p99Ms"),
                    counts((Map<String, Object>) s.get("statuses")),
                    counts((Map<String, Object>) s.get("answeredByApp")),
                    s.get("chargeEntries"),
                    s.get("charged"),
                    ledger(s));
        }
        var holds = (Map<String, Object>) scenarios.get(BenchCharges.HOLDS);
        out.append("\nHolds as the AI services use them for a streamed answer: `POST /api/v1/holds` of ")
                .append(charges.get("holdAmount"))
                .append(" ₽ on one of the 1,000 accounts, then, as soon as its answer comes, `POST")
                .append(" /api/v1/holds/{id}/capture` of ")
                .append(charges.get("amount"))
                .append(" ₽ (the rest released); each with a new `Idempotency-Key`. Holds/s are the captures wrk")
                .append(" read per second, each a hold placed and captured (two requests; p50 and p99 are of both")
                .append(" kinds together); a hold whose capture was still to come when the run ended stays held.\n\n")
                .append("| scenario | holds/s | requests/s | p50 ms | p99 ms | 201 / 402 / other read by wrk")
                .append(" | placing: 201 / 402 / other answered by the app | capturing: 201 / 402 / other")
                .append(" | holds recorded | charge entries | charged ₽ | still held ₽ | ledger |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        cells(
                out,
                BenchCharges.HOLDS.substring(BenchCharges.HOLDS.indexOf(':') + 2),
                rate(holds, "holdsPerSecond"),
                holds.get("requestsPerSecond"),
                holds.get("p50Ms"),
                holds.get("p99Ms"),
                counts((Map<String, Object>) holds.get("statuses")),
                counts((Map<String, Object>) holds.get("placingAnsweredByApp")),
                counts((Map<String, Object>) holds.get("capturingAnsweredByApp")),
                holds.get("holdsRecorded"),
                holds.get("chargeEntries"),
                holds.get("charged"),
                holds.get("heldLeft"),
                ledger(holds));
        out.append("\nLedger invariant, checked after every run of these scenarios, their warm-ups' included:")
                .append(" every wallet's balance equals the sum of its ledger and its last entry's balance_after,")
                .append(" its held money the sum of its active holds, no balance is negative, every entry")
                .append(" continues its wallet's running balance; the charge entries, the charges recorded and the")
                .append(" money charged match the app's 201 answers to charging or capturing, the holds recorded")
                .append(" its 201 answers to placing them, and the holds of the run still active, and the money")
                .append(" they hold, those not captured. The counts above are the median run's. ")
                .append(Boolean.TRUE.equals(charges.get("ledgerInvariantHolds")) ? "It held." : "**It was broken.**")
                .append("\n\n");
        var without = (Map<String, Object>) scenarios.get(DashboardWithHolds.WITHOUT);
        var with = (Map<String, Object>) scenarios.get(DashboardWithHolds.WITH);
        out.append("### The dashboard with holds\n\n")
                .append("`/dashboard` over 200 signed-in sessions whose wallets (100.00 ₽ each) have ")
                .append(with.get("activeHoldsPerWallet"))
                .append(" active holds (")
                .append(with.get("heldPerWallet"))
                .append(" ₽ held, checked on each page before measuring) and ")
                .append(with.get("expiredHoldsPerWallet"))
                .append(" expired ones each, placed through the spend API; against 200 other sessions whose")
                .append(" wallets are funded alike and hold nothing. Both sets of accounts have 10 payments each;")
                .append(" their warm-ups and runs alternate.\n\n")
                .append(
                        "| scenario | req/s | p50 ms | p99 ms | errors | page bytes |\n|---|---:|---:|---:|---:|---:|\n");
        for (var name : List.of(DashboardWithHolds.WITHOUT, DashboardWithHolds.WITH)) {
            var s = (Map<String, Object>) scenarios.get(name);
            cells(out, name, rate(s), s.get("p50Ms"), s.get("p99Ms"), s.get("errors"), s.get("pageBytes"));
        }
        out.append("\nWith holds the dashboard serves ")
                .append(charges.get("dashboardWithHoldsVsWithout"))
                .append(" × its requests per second without.\n\n");
    }

    private static String ledger(Map<String, Object> scenario) {
        return Boolean.TRUE.equals(scenario.get("ledgerInvariantHolds")) ? "held after every run" : "**broken**";
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
                .append(" own, running beside ours and measured as ours (warm-up, median of the runs), its dashboard")
                .append(" in turns with ours run for run, after a check of each session's page; load average ")
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
        settled(out, (Map<String, Object>) replica.get("scenarios"));
        out.append("\nOur dashboard serves ")
                .append(ratios.get("dashboardVsSeedMvp"))
                .append(" × the replica's requests per second; our floor (a static file) ")
                .append(ratios.get("floorVsSeedMvpPing"))
                .append(" × its `/ping`.\n\n");
    }

    /** The rounds of unmeasured load that settled each dashboard of {@code scenarios} before its runs. */
    @SuppressWarnings("unchecked")
    private static void settled(StringBuilder out, Map<String, Object> scenarios) {
        for (var scenario : scenarios.entrySet()) {
            if (scenario.getValue() instanceof Map<?, ?> s && s.get("settled") instanceof Map<?, ?> settled) {
                out.append("\n")
                        .append(scenario.getKey())
                        .append(": settled in rounds of ")
                        .append(settled.get("round"))
                        .append(" at ")
                        .append(String.join(
                                " → ",
                                ((List<Object>) settled.get("requestsPerSecond"))
                                        .stream().map(String::valueOf).toList()))
                        .append(" req/s");
                if (settled.get("jitSeconds") instanceof List<?> jit) {
                    out.append(", its JIT compiling for ")
                            .append(String.join(
                                    " → ", jit.stream().map(String::valueOf).toList()))
                            .append(" s of each round");
                }
                out.append(" before its runs.\n");
            }
        }
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
                .append(" harness's senders, ")
                .append(
                        "by-person".equals(s.get("order"))
                                ? "each person's ten one after another (the senders mostly wait for one wallet's"
                                        + " lock at a time), "
                                : "the people's payments mixed, as YooKassa sends a crowd's, ")
                .append("each verified by the app with `GET /v3/payments/{id}` before the credit,")
                .append(" then all again in another order. Batches unmeasured until one's rate was within 5 % of")
                .append(" the one before and the app's JIT compiled for less than 5 % of its time (at most ")
                .append(s.get("maxWarmUps"))
                .append("): ")
                .append(s.get("warmUpCreditsPerSecond"))
                .append(" credits/s, the JIT compiling for ")
                .append(s.get("warmUpJitSeconds"))
                .append(" s of each; then the runs: ")
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
                .append(" those reading `new.`). The statements, per credit, with the time PostgreSQL took to run")
                .append(" each (its mean, as `pg_stat_statements` counts it, planning not included; a wait for a")
                .append(" row's lock included):\n\n")
                .append("| per credit | ms each | statement |\n|---:|---:|---|\n");
        for (var row : (List<Map<String, Object>>) database.get("statements")) {
            cells(
                    out,
                    row.get("callsPerCredit") + (Boolean.TRUE.equals(row.get("byTrigger")) ? " (trigger)" : ""),
                    row.get("meanMs"),
                    statement(row.get("query")));
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
                .append(" session-row updates (target 0). The statements, per view, with the time PostgreSQL")
                .append(" took to run each (its mean, as `pg_stat_statements` counts it, planning not included):\n\n")
                .append("| per view | ms each | statement |\n|---:|---:|---|\n");
        for (var row : (List<Map<String, Object>>) database.get("statements")) {
            cells(out, row.get("callsPerView"), row.get("meanMs"), statement(row.get("query")));
        }
    }

    /** One scenario's line of a «scenario | req/s | p50 ms | p99 ms | errors» table. */
    private static void row(StringBuilder out, String name, Map<String, Object> scenario) {
        cells(out, name, rate(scenario), scenario.get("p50Ms"), scenario.get("p99Ms"), scenario.get("errors"));
    }

    /** One line of a Markdown table. */
    private static void cells(StringBuilder out, Object... cells) {
        out.append("|");
        for (Object cell : cells) {
            String text = String.valueOf(cell);
            out.append(text.isEmpty() ? " |" : " " + text + " |");
        }
        out.append('\n');
    }

    /** A statement as PostgreSQL recorded it, as code in a table cell. */
    private static String statement(Object query) {
        return "`" + String.valueOf(query).replace("|", "\\|").replace("`", "'") + "`";
    }

    /** The median rate, and the runs' min–max when there were several. */
    private static String rate(Map<String, Object> scenario) {
        return rate(scenario, "requestsPerSecond");
    }

    /** The median of one of the scenario's rates, and the runs' min–max of it when there were several. */
    private static String rate(Map<String, Object> scenario, String rate) {
        String name = Character.toUpperCase(rate.charAt(0)) + rate.substring(1);
        Object min = scenario.get("min" + name);
        Object max = scenario.get("max" + name);
        return scenario.get(rate) + (min == null ? "" : " (" + min + "–" + max + ")");
    }

    private static String counts(Map<String, Object> statuses) {
        return statuses.get("201") + " / " + statuses.get("402") + " / " + statuses.get("other");
    }
}
