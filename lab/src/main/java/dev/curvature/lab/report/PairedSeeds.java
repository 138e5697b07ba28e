package dev.curvature.lab.report;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Statistics of a comparison between two methods run on the same seeds (same initial point,
 * same batches, same perturbations): the paired differences, a one-sided sign count with its
 * exact binomial p-value, and a paired bootstrap interval of the median difference. The claims of
 * the reproductions are comparisons of this kind ("A beats B", "A is not worse than B"); pairing
 * removes the seed-to-seed variation both methods share.
 */
public final class PairedSeeds {
    private final double[] a;
    private final double[] b;

    /**
     * The pairs {@code (a[i], b[i])}, one per seed, in seed order; pairs where either value is NaN
     * are dropped, +∞ (a diverged run) is kept.
     */
    public PairedSeeds(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired seeds need as many values of each method: "
                    + a.length + " vs " + b.length);
        }
        int n = 0;
        double[] x = new double[a.length];
        double[] y = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
                x[n] = a[i];
                y[n++] = b[i];
            }
        }
        this.a = Arrays.copyOf(x, n);
        this.b = Arrays.copyOf(y, n);
    }

    /** The number of pairs. */
    public int n() {
        return a.length;
    }

    /** The seeds on which a is below b (strictly). */
    public int aBelow() {
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            k += a[i] < b[i] ? 1 : 0;
        }
        return k;
    }

    /** The seeds on which a ≤ b·(1 + tolerance), i.e. a is not worse than b by more than tolerance. */
    public int aNotWorse(double tolerance) {
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            k += a[i] <= b[i] * (1 + tolerance) ? 1 : 0;
        }
        return k;
    }

    /**
     * The paired log-ratios ln(a_i / b_i) (for positive values such as losses): scale-free, so
     * seeds with small and large losses weigh alike; ±∞ where one side diverged.
     */
    public double[] logRatios() {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.log(a[i]) - Math.log(b[i]);
        }
        return d;
    }

    /** One-sided exact sign test: P(X ≥ k) for X ~ Binomial(n, ½). */
    public static double signTestP(int k, int n) {
        double p = 0;
        for (int j = k; j <= n; j++) {
            p += Math.exp(logChoose(n, j) - n * Math.log(2));
        }
        return Math.min(1, p);
    }

    /**
     * The smallest number of wins out of {@code n} that a one-sided sign test finds significant at
     * {@code alpha}; n + 1 when none is.
     */
    public static int signTestCritical(int n, double alpha) {
        for (int k = 0; k <= n; k++) {
            if (signTestP(k, n) <= alpha) {
                return k;
            }
        }
        return n + 1;
    }

    /**
     * A paired bootstrap percentile interval of the median of {@code d} (resampling seeds with
     * replacement): {lower, upper} at the central {@code level}. The resampling stream is fixed
     * by {@code seed}, so the interval is the same on every machine for the same differences.
     */
    public static double[] bootstrapMedian(double[] d, double level, int resamples, long seed) {
        if (d.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] med = new double[resamples];
        double[] s = new double[d.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < s.length; i++) {
                s[i] = d[rng.nextInt(d.length)];
            }
            med[r] = medianOf(s);
        }
        Arrays.sort(med);
        double tail = (1 - level) / 2;
        return new double[] {med[(int) Math.floor(tail * (resamples - 1))],
                med[(int) Math.ceil((1 - tail) * (resamples - 1))]};
    }

    /** The median, with ±∞ sorted to the ends (a diverged run is a real outcome, not a missing one). */
    public static double medianOf(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        double m = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        return Double.isNaN(m) ? v[n / 2] : m; // −∞ + +∞ in the middle pair: take the upper one
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
