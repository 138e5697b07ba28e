package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curvature.optim.testing.PublishedPolynomials;
import org.junit.jupiter.api.Test;

/**
 * The coefficient schedules the engines apply, against the published values of
 * {@link PublishedPolynomials} (typed from the sources, not from the main code): Keller Jordan's
 * Muon quintic, Dion's Muon+ schedule, Turbo-Muon's (its last four Muon+ triples, and the earlier
 * genetic-search set), and ROOT's shape-specific map. A swapped or mistyped coefficient in the main
 * code fails here.
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
        double[] abc = PublishedPolynomials.MUON;
        assertSchedule(new double[][] {abc, abc, abc, abc, abc}, of("ns5", 64, 96), "ns5");
    }

    @Test
    void muonPlusAppliesDionsFiveTriples() {
        assertSchedule(PublishedPolynomials.MUON_PLUS, of("muon_plus", 64, 96), "muon_plus");
    }

    @Test
    void turboMuonDropsMuonPlusFirstStep() {
        assertSchedule(PublishedPolynomials.TURBO_MUON, of("turbo_muon", 64, 96), "turbo_muon");
    }

    @Test
    void turboMuonGaAppliesTheGeneticSearchSet() {
        assertSchedule(PublishedPolynomials.TURBO_MUON_GA, of("turbo_muon_ga", 64, 96), "turbo_muon_ga");
    }

    @Test
    void rootUsesItsPublishedShapeMapInEitherOrientationAndMuonsQuinticElsewhere() {
        for (int i = 0; i < PublishedPolynomials.ROOT_SHAPES.length; i++) {
            int lo = PublishedPolynomials.ROOT_SHAPES[i][0];
            int hi = PublishedPolynomials.ROOT_SHAPES[i][1];
            for (double[][] s : new double[][][] {of("root", lo, hi), of("root", hi, lo)}) {
                for (double[] step : s) {
                    assertArrayEquals(PublishedPolynomials.ROOT[i], step, 0, "root " + lo + "×" + hi);
                }
            }
        }
        for (double[] step : of("root", 1024, 4096)) {
            assertArrayEquals(PublishedPolynomials.MUON, step, 0, "root at an unlisted shape");
        }
    }
}
