package ru.myservice.bench;

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
                .append(". Data: ")
                .append(report.get("accounts"))
                .append(" accounts, ")
                .append(report.get("payments"))
                .append(" payments. wrk: ")
                .append(report.get("wrk"))
                .append(".\n\n");
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
                            .append(" credits/s (")
                            .append(s.get("credited"))
                            .append(" of ")
                            .append(s.get("notifications"))
                            .append(" verified) | | | ")
                            .append(s.get("errors"))
                            .append(" |\n");
                } else {
                    out.append("| ")
                            .append(scenario.getKey())
                            .append(" | ")
                            .append(s.get("requestsPerSecond"))
                            .append(" | ")
                            .append(s.get("p50Ms"))
                            .append(" | ")
                            .append(s.get("p99Ms"))
                            .append(" | ")
                            .append(s.get("errors"))
                            .append(" |\n");
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
            out.append('\n');
        }
        return out.toString();
    }
}
