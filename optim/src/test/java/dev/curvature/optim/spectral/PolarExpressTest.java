package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Polar Express generator against the published coefficients, and the equioscillation property. */
class PolarExpressTest {
    /**
     * The coefficients published by the NanoGPT speedrun (record 2025-09-29, train_gpt.py
     * {@code polar_express_coeffs}) and microsoft/dion: test data only, never used by the library.
     */
    private static final double[][] PUBLISHED = {
        {8.156554524902461, -22.48329292557795, 15.878769915207462},
        {4.042929935166739, -2.808917465908714, 0.5000178451051316},
        {3.8916678022926607, -2.772484153217685, 0.5060648178503393},
        {3.285753657755655, -2.3681294933425376, 0.46449024233003106},
        {2.3465413258596377, -1.7097828382687081, 0.42323551169305323}};

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
