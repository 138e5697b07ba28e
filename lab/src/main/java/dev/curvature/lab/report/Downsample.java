package dev.curvature.lab.report;

import java.util.Arrays;

/**
 * Thins a curve for drawing: a plot 720 points wide cannot show more than about a thousand points
 * per curve, and every extra point costs time and bytes in each image. The curve is cut into
 * buckets of consecutive points; each bucket keeps its lowest and highest point (in order), and the
 * first and last points are always kept, so spikes, minima and the end value survive. The stored
 * data is not touched.
 */
public final class Downsample {
    /** Points per curve kept for drawing. */
    public static final int MAX_POINTS = 1000;

    private Downsample() {}

    /** (x, y) thinned to at most {@code maxPoints} points ({@code maxPoints >= 4}); short curves are returned as is. */
    public static double[][] of(double[] x, double[] y, int maxPoints) {
        if (maxPoints < 4) {
            throw new IllegalArgumentException("maxPoints = " + maxPoints + " is below 4");
        }
        int n = Math.min(x.length, y.length);
        if (n <= maxPoints) {
            return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
        }
        int buckets = (maxPoints - 2) / 2;
        double[] xs = new double[maxPoints];
        double[] ys = new double[maxPoints];
        int k = 0;
        xs[k] = x[0];
        ys[k++] = y[0];
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * (n - 2) / buckets);
            int to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
            int lo = -1;
            int hi = -1;
            for (int i = from; i < to; i++) {
                if (Double.isNaN(y[i])) {
                    continue;
                }
                if (lo < 0 || y[i] < y[lo]) {
                    lo = i;
                }
                if (hi < 0 || y[i] > y[hi]) {
                    hi = i;
                }
            }
            if (lo < 0) {
                continue;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            xs[k] = x[first];
            ys[k++] = y[first];
            if (second != first) {
                xs[k] = x[second];
                ys[k++] = y[second];
            }
        }
        xs[k] = x[n - 1];
        ys[k++] = y[n - 1];
        return new double[][] {Arrays.copyOf(xs, k), Arrays.copyOf(ys, k)};
    }
}
