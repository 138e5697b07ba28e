package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Paired comparisons over seeds: sign counts, the exact sign test, the bootstrap of the median. */
class PairedSeedsTest {
    @Test
    void signTestMatchesTheBinomialTail() {
        // P(X ≥ 5 | n = 5) = 1/32; P(X ≥ 9 | n = 10) = 11/1024; P(X ≥ 8 | n = 10) = 56/1024.
        assertEquals(1.0 / 32, PairedSeeds.signTestP(5, 5), 1e-15);
        assertEquals(11.0 / 1024, PairedSeeds.signTestP(9, 10), 1e-15);
        assertEquals(56.0 / 1024, PairedSeeds.signTestP(8, 10), 1e-15);
        assertEquals(1.0, PairedSeeds.signTestP(0, 7), 1e-15);
        assertEquals(5, PairedSeeds.signTestCritical(5, 0.05));
        assertEquals(9, PairedSeeds.signTestCritical(10, 0.05));
        assertEquals(5, PairedSeeds.signTestCritical(4, 0.05), "no count of 4 is significant at 5 %");
    }

    @Test
    void countsArePairedBySeedAndDropNaN() {
        PairedSeeds p = new PairedSeeds(new double[] {1, 2, Double.NaN, 5, Double.POSITIVE_INFINITY},
                new double[] {2, 1, 3, 6, 1});
        assertEquals(4, p.n());
        assertEquals(2, p.aBelow());
        assertEquals(3, p.aNotWorse(1.0), "2 ≤ 2·1");
        double[] lr = p.logRatios();
        assertEquals(Math.log(0.5), lr[0], 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, lr[3]);
        assertThrows(IllegalArgumentException.class, () -> new PairedSeeds(new double[2], new double[3]));
    }

    @Test
    void medianKeepsDivergedRunsAsInfinite() {
        assertEquals(3.0, PairedSeeds.medianOf(new double[] {Double.POSITIVE_INFINITY, 1, 4, 2}), 0);
        assertFalse(Double.isFinite(PairedSeeds.medianOf(new double[] {1, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY})));
        assertEquals(Double.POSITIVE_INFINITY,
                PairedSeeds.medianOf(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}));
    }

    @Test
    void bootstrapIntervalBracketsTheMedianAndIsReproducible() {
        double[] d = {-0.4, -0.3, -0.5, -0.2, -0.35, -0.45, 0.1, -0.25};
        double[] ci = PairedSeeds.bootstrapMedian(d, 0.9, 2000, 7);
        double m = PairedSeeds.medianOf(d);
        assertTrue(ci[0] <= m && m <= ci[1], ci[0] + " " + m + " " + ci[1]);
        assertTrue(ci[1] < 0, "7 of 8 negative: the interval lies below 0");
        assertArrayEquals(ci, PairedSeeds.bootstrapMedian(d, 0.9, 2000, 7), "same stream, same interval");
        // Constant differences: the interval is that constant.
        assertArrayEquals(new double[] {0.2, 0.2}, PairedSeeds.bootstrapMedian(new double[] {0.2, 0.2, 0.2}, 0.9, 500, 1));
    }
}
