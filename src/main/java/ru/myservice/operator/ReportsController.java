package ru.myservice.operator;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The reports page (a period's daily totals and the ledger's invariants) and the period's ledger as a
 * spreadsheet. A period is two days in Moscow time, both included; without one, the last seven days.
 */
@Controller
class ReportsController {

    /** The period shown when none is asked for: today and the six days before it. */
    static final int DEFAULT_DAYS = 7;

    private final OperatorReports reports;
    private final Clock clock;

    ReportsController(OperatorReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    /** A period as typed, and what it means: either both days or the message key of what is wrong. */
    private record Period(
            String from,
            String to,
            @Nullable LocalDate first,
            @Nullable LocalDate last,
            @Nullable String error) {

        static Period of(@Nullable String from, @Nullable String to, LocalDate today) {
            String fromText = from == null || from.isBlank()
                    ? today.minusDays(DEFAULT_DAYS - 1).toString()
                    : from.strip();
            String toText = to == null || to.isBlank() ? today.toString() : to.strip();
            LocalDate first;
            LocalDate last;
            try {
                first = LocalDate.parse(fromText);
                last = LocalDate.parse(toText);
            } catch (DateTimeParseException e) {
                return new Period(fromText, toText, null, null, "operator.reports.error.date");
            }
            if (last.isBefore(first)) {
                return new Period(fromText, toText, null, null, "operator.reports.error.reversed");
            }
            if (first.plusDays(OperatorReports.LONGEST_PERIOD_DAYS).isBefore(last)) {
                return new Period(fromText, toText, null, null, "operator.reports.error.long");
            }
            return new Period(fromText, toText, first, last, null);
        }

        String query(String path) {
            return UriComponentsBuilder.fromPath(path)
                    .queryParam("from", from)
                    .queryParam("to", to)
                    .encode()
                    .build()
                    .toUriString();
        }
    }

    @GetMapping("/operator/reports")
    String reports(
            StaffMember staff,
            @RequestParam(name = "from", required = false) @Nullable String from,
            @RequestParam(name = "to", required = false) @Nullable String to,
            Locale locale,
            HttpServletResponse response,
            Model model) {
        var period = Period.of(from, to, today());
        boolean understood = period.error() == null;
        if (!understood) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute(
                "view",
                new ReportsView(
                        period.from(),
                        period.to(),
                        period.error(),
                        understood ? reports.daily(period.first(), period.last()) : List.of(),
                        understood ? period.query("/operator/reports/ledger.csv") : null,
                        reports.invariantBreaks()));
        model.addAttribute("format", ConsoleFormat.in(locale));
        return "operator/reports";
    }

    /** The period's ledger, written out as it is read; a period the page would refuse goes back to the page. */
    @GetMapping("/operator/reports/ledger.csv")
    @Nullable
    String ledgerCsv(
            StaffMember staff,
            @RequestParam(name = "from", required = false) @Nullable String from,
            @RequestParam(name = "to", required = false) @Nullable String to,
            Locale locale,
            HttpServletResponse response)
            throws IOException {
        var period = Period.of(from, to, today());
        if (period.error() != null) {
            return "redirect:" + period.query("/operator/reports");
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename("ledger-" + period.first() + "-" + period.last() + ".csv", StandardCharsets.UTF_8)
                        .build()
                        .toString());
        reports.ledgerCsv(period.first(), period.last(), locale, response.getOutputStream());
        return null;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(OperatorReports.SITE_ZONE));
    }
}
