package ru.myservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cells of the history CSV: quoted when they must be, never run by a spreadsheet as a formula. */
class HistoryCsvUnitTest {

    @Test
    void separatorsQuotesAndLineBreaksAreQuoted() {
        assertThat(HistoryCsvController.cell("a;b")).isEqualTo("\"a;b\"");
        assertThat(HistoryCsvController.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(HistoryCsvController.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(HistoryCsvController.cell("plain")).isEqualTo("plain");
    }

    @Test
    void aDescriptionThatLooksLikeAFormulaStaysText() {
        assertThat(HistoryCsvController.cell("=HYPERLINK(\"http://evil\")")).startsWith("\"'=HYPERLINK");
        assertThat(HistoryCsvController.cell("+7 999")).isEqualTo("'+7 999");
        assertThat(HistoryCsvController.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(HistoryCsvController.cell("-150,00"))
                .as("a charge's amount is a number")
                .isEqualTo("-150,00");
    }
}
