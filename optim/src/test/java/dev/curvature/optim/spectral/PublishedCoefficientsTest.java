package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The coefficient schedules the engines apply, against the published values typed here from the
 * sources (not from the main code): Keller Jordan's Muon quintic, Dion's Muon+ schedule,
 * Turbo-Muon's (its last four Muon+ triples, and the earlier genetic-search set), and ROOT's
 * shape-specific map. A swapped or mistyped coefficient in the main code fails here.
 */
class PublishedCoefficientsTest {
    private static double[][] of(String engine, int m, int n) {
        return ((NewtonSchulz) Polar.engine(engine)).coefficients(m, n);
    }

    private static void assertSchedule(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": steps");
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], actual[t], 0, what + ": step " + (t + 1));
        }
    }

    @Test
    void muonAppliesKellerJordansQuinticAtEveryStep() {
        double[] abc = {3.4445, -4.7750, 2.0315};
        assertSchedule(new double[][] {abc, abc, abc, abc, abc}, of("ns5", 64, 96), "ns5");
    }

    @Test
    void muonPlusAppliesDionsFiveTriples() {
        assertSchedule(new double[][] {
            {4.0848, -6.8946, 2.9270},
            {3.9505, -6.3029, 2.6377},
            {3.7418, -5.5913, 2.3037},
            {2.8769, -3.1427, 1.2046},
            {2.8366, -3.0525, 1.2012}}, of("muon_plus", 64, 96), "muon_plus");
    }

    @Test
    void turboMuonDropsMuonPlusFirstStep() {
        assertSchedule(new double[][] {
            {3.9505, -6.3029, 2.6377},
            {3.7418, -5.5913, 2.3037},
            {2.8769, -3.1427, 1.2046},
            {2.8366, -3.0525, 1.2012}}, of("turbo_muon", 64, 96), "turbo_muon");
    }

    @Test
    void turboMuonGaAppliesTheGeneticSearchSet() {
        assertSchedule(new double[][] {
            {4.6051, -9.6552, 5.6769},
            {4.7505, -6.0861, 2.1790},
            {2.7763, -2.3190, 0.5523},
            {2.4231, -2.2861, 0.8193}}, of("turbo_muon_ga", 64, 96), "turbo_muon_ga");
    }

    @Test
    void rootUsesItsPublishedShapeMapInEitherOrientationAndMuonsQuinticElsewhere() {
        double[][] shapes = {{2048, 2048}, {2048, 3072}, {2048, 8192}, {2048, 16384}};
        double[][] published = {
            {3.4916, -4.8224, 2.1095},
            {3.4509, -4.5790, 1.9325},
            {2.9794, -3.6674, 1.6207},
            {3.1943, -3.8221, 1.5322}};
        for (int i = 0; i < shapes.length; i++) {
            int lo = (int) shapes[i][0];
            int hi = (int) shapes[i][1];
            for (double[][] s : new double[][][] {of("root", lo, hi), of("root", hi, lo)}) {
                for (double[] step : s) {
                    assertArrayEquals(published[i], step, 0, "root " + lo + "×" + hi);
                }
            }
        }
        for (double[] step : of("root", 1024, 4096)) {
            assertArrayEquals(new double[] {3.4445, -4.7750, 2.0315}, step, 0, "root at an unlisted shape");
        }
    }
}
