package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.optim.testing.PublishedPolynomials;
import org.junit.jupiter.api.Test;

/** The Polar Express generator against the published coefficients, and the equioscillation property. */
class PolarExpressTest {
    private static final double[][] PUBLISHED = PublishedPolynomials.POLAR_EXPRESS;

    @Test
    void generatedCoefficientsEqualThePublishedOnes() {
        double[][] got = PolarExpress.optimalComposition(1e-3, 5, 0.02, 0.02);
        assertEquals(5, got.length);
        for (int t = 0; t < 5; t++) {
            for (int k = 0; k < 3; k++) {
                double rel = Math.abs(got[t][k] - PUBLISHED[t][k]) / Math.abs(PUBLISHED[t][k]);
                assertTrue(rel < 1e-12, "step " + t + " coefficient " + k + ": " + got[t][k] + " vs "
                        + PUBLISHED[t][k] + " (relative " + rel + ")");
            }
        }
        double[][] cached = PolarExpress.defaultCoefficients();
        assertEquals(got[4][2], cached[4][2]);
    }

    @Test
    void eachOptimalQuinticEquioscillates() {
        double l = 1e-3;
        double u = 1;
        for (int t = 0; t < 5; t++) {
            double lo = Math.max(l, 0.02 * u);
            double[] abc = PolarExpress.optimalQuintic(lo, u);
            double[] err = ScalarMaps.alternation(abc, lo, u);
            double e = Math.abs(err[0]);
            for (int i = 0; i < 4; i++) {
                assertEquals(e, Math.abs(err[i]), 1e-9 * Math.max(1, e), "step " + t + " point " + i);
                assertEquals(i % 2 == 0 ? 1.0 : -1.0, Math.signum(err[i]), "alternating signs at step " + t);
            }
            double max = ScalarMaps.maxDeviation(abc, lo, u, 100_001);
            assertTrue(max <= e * (1 + 1e-9), "the alternation points are the extrema: " + max + " vs " + e);
            // Advance the interval exactly as the generator does.
            double[][] sched = PolarExpress.optimalComposition(1e-3, t + 1, 0.02, 0.02);
            double[] last = sched[t];
            l = PolarExpress.eval(last, l);
            u = 2 - l;
        }
    }

    @Test
    void closeEndsGiveTheNewtonSchulzQuintic() {
        double[] abc = PolarExpress.optimalQuintic(1, 1);
        assertEquals(15.0 / 8, abc[0], 0);
        assertEquals(-10.0 / 8, abc[1], 0);
        assertEquals(3.0 / 8, abc[2], 0);
    }

    @Test
    void scheduleMapsTheUnitIntervalTowardsOne() {
        double[][] c = PolarExpress.defaultCoefficients();
        double[] r = ScalarMaps.range(c, 1e-3, 1, 50_000);
        assertTrue(r[0] > 0.5 && r[1] < 1.5, "composed range on [1e-3, 1]: " + r[0] + ", " + r[1]);
        double[] r2 = ScalarMaps.range(c, 1e-2, 1, 50_000);
        assertTrue(r2[0] > 0.85 && r2[1] < 1.15, "composed range on [1e-2, 1]: " + r2[0] + ", " + r2[1]);
    }
}
