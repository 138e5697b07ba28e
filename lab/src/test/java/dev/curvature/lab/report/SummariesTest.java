package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Medians, number formatting and the CSV tables of analyses, against values written out by hand. */
class SummariesTest {
    @TempDir
    Path dir;

    @Test
    void medianOfTheFiniteValues() {
        assertEquals(2.0, Summaries.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Summaries.median(new double[] {4, 1, 3, 2}));
        assertEquals(3.0, Summaries.median(new double[] {Double.NaN, 5, 1, Double.POSITIVE_INFINITY, 3,
                Double.NEGATIVE_INFINITY}), "non-finite values are left out");
        assertEquals(-1.0, Summaries.median(new double[] {-1}));
        assertEquals(Double.NaN, Summaries.median(new double[] {Double.NaN, Double.POSITIVE_INFINITY}));
        assertEquals(Double.NaN, Summaries.median(new double[0]));
        assertEquals(1.5, Summaries.median(Arrays.asList(10.0, 1.0, 2.0, -7.0)));
    }

    @Test
    void numbersAreIntegersOrThreeSignificantDigitsAndNaNIsADash() {
        assertEquals("3", Summaries.fmt(3.0));
        assertEquals("-2", Summaries.fmt(-2.0));
        assertEquals("0", Summaries.fmt(0.0));
        assertEquals("0.123", Summaries.fmt(0.123456));
        assertEquals("1.23e+04", Summaries.fmt(12345.678));
        assertEquals("1.00e+10", Summaries.fmt(1e10), "integers of 10⁹ and more are not written out");
        assertEquals("–", Summaries.fmt(Double.NaN));
        assertEquals("3.1416", Summaries.fmt(Math.PI, 5));
        assertEquals("0.000250", Summaries.fmt(2.5e-4));
    }

    @Test
    void csvWritesFullPrecisionDoublesEmptyCellsForNonFiniteValuesAndOtherCellsAsText() throws Exception {
        Path out = Summaries.csv(dir, "t.csv", List.of("method", "lr", "steps", "loss"), List.of(
                List.of("adam", 1.0 / 3.0, 120L, 0.1),
                List.of("gd", 1e-300, 7, Double.NaN),
                List.of("sgd", -0.0, 0, Double.NEGATIVE_INFINITY)));
        assertEquals(dir.resolve("t.csv"), out);
        assertEquals("""
                method,lr,steps,loss
                adam,0.3333333333333333,120,0.1
                gd,1.0E-300,7,
                sgd,-0.0,0,
                """, Files.readString(out));
        assertEquals(1.0 / 3.0, Double.parseDouble("0.3333333333333333"), 0.0, "the digits round-trip");
    }

    @Test
    void csvQuotesTextCellsHoldingACommaAQuoteOrALineBreak() throws Exception {
        Path out = Summaries.csv(dir, "q.csv", List.of("label", "note, units"), List.of(
                List.of("adam, lr 1e-3", "said \"fast\""),
                List.of("two\nlines", "plain")));
        assertEquals("label,\"note, units\"\n\"adam, lr 1e-3\",\"said \"\"fast\"\"\"\n\"two\nlines\",plain\n",
                Files.readString(out));
    }
}
