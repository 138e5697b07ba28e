package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Thinning a curve for drawing keeps its ends and extremes and never reorders points. */
class DownsampleTest {
    @Test
    void aLongCurveKeepsItsEndsSpikeAndMinimumWithinTheLimit() {
        int n = 20_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 1.0 / (1 + i);
        }
        y[7777] = 1e6;  // a spike
        y[15_001] = -1; // the minimum
        double[][] t = Downsample.of(x, y, 1000);
        assertTrue(t[0].length <= 1000, t[0].length + " points");
        assertEquals(0, t[0][0]);
        assertEquals(n - 1, t[0][t[0].length - 1]);
        assertTrue(Arrays.stream(t[0]).anyMatch(v -> v == 7777), "the spike");
        assertTrue(Arrays.stream(t[0]).anyMatch(v -> v == 15_001), "the minimum");
        for (int i = 1; i < t[0].length; i++) {
            assertTrue(t[0][i] > t[0][i - 1], "ascending x at " + i);
            assertEquals(y[(int) t[0][i]], t[1][i], "each kept point is a point of the curve");
        }
    }

    @Test
    void aShortCurveIsReturnedWhole() {
        double[] x = {0, 1, 2};
        double[] y = {3, 1, 2};
        double[][] t = Downsample.of(x, y, 1000);
        assertArrayEquals(x, t[0]);
        assertArrayEquals(y, t[1]);
    }
}
