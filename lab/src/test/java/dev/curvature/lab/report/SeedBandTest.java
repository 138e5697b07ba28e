package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The band over four runs of unequal lengths with NaN and ∞ among their values, against medians
 * and ranges worked out by hand (runs per step in the comments, sorted finite values first).
 */
class SeedBandTest {
    private static double[][] run(double[] steps, double[] values) {
        return new double[][] {steps, values};
    }

    @Test
    void medianAndRangeUseTheFiniteValuesOfTheRunsThatLoggedEachStep() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        SeedBand b = SeedBand.of("adam", List.of(
                run(new double[] {0, 10, 20, 30}, new double[] {4, 2, 1, 0.5}),
                run(new double[] {0, 10, 20}, new double[] {6, nan, 4}),
                run(new double[] {0, 10, 20, 30, 40}, new double[] {5, 1, inf, 2, 7}),
                run(new double[] {0, 10, 50}, new double[] {1, 8, nan})));
        assertEquals("adam", b.label());
        assertEquals(4, b.runs());
        assertArrayEquals(new double[] {0, 10, 20, 30, 40, 50}, b.steps());
        // step 0: {1, 4, 5, 6} → (4 + 5)/2; step 10: {1, 2, 8} (NaN dropped) → 2, where the mean is 11/3;
        // step 20: {1, 4} (∞ dropped) → 2.5; step 30: {0.5, 2} → 1.25; step 40: {7}; step 50: none.
        assertArrayEquals(new double[] {4.5, 2, 2.5, 1.25, 7, nan}, b.median());
        assertArrayEquals(new double[] {1, 1, 1, 0.5, 7, nan}, b.min());
        assertArrayEquals(new double[] {6, 8, 4, 2, 7, nan}, b.max());
    }

    @Test
    void stepsMergeAcrossRunsThatLogDifferentStepsAndOneRunIsItsOwnBand() {
        SeedBand b = SeedBand.of("gd", List.of(
                run(new double[] {1, 3}, new double[] {-1, -3}),
                run(new double[] {2, 3}, new double[] {-2, 3})));
        assertArrayEquals(new double[] {1, 2, 3}, b.steps());
        assertArrayEquals(new double[] {-1, -2, 0}, b.median());
        assertArrayEquals(new double[] {-1, -2, -3}, b.min());
        assertArrayEquals(new double[] {-1, -2, 3}, b.max());

        SeedBand one = SeedBand.of("sgd", List.<double[][]>of(run(new double[] {0, 5}, new double[] {3, 1})));
        assertEquals(1, one.runs());
        assertArrayEquals(one.median(), one.min());
        assertArrayEquals(one.median(), one.max());
        assertArrayEquals(new double[] {3, 1}, one.median());

        SeedBand none = SeedBand.of("none", List.of());
        assertEquals(0, none.runs());
        assertEquals(0, none.steps().length);
    }

    /** An odd count of five values, where the median is the middle one and neither the mean nor an end. */
    @Test
    void aMedianOfFiveIsTheMiddleValue() {
        List<double[][]> runs = new java.util.ArrayList<>();
        for (double v : new double[] {100, -3, 0.5, 7, 2}) {
            runs.add(run(new double[] {0}, new double[] {v}));
        }
        SeedBand b = SeedBand.of("x", runs);
        assertArrayEquals(new double[] {2}, b.median());
        assertArrayEquals(new double[] {-3}, b.min());
        assertArrayEquals(new double[] {100}, b.max());
    }
}
