package dev.curvature.lab.report;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The median and min–max band of a metric over repeated runs (seeds), step by step. Runs may log
 * different steps (one stops early); at each step the statistics use the runs that logged it.
 *
 * @param label  series label (e.g. the optimizer)
 * @param steps  the union of logged steps, ascending
 * @param median median over runs at each step
 * @param min    minimum over runs
 * @param max    maximum over runs
 * @param runs   number of runs
 */
public record SeedBand(String label, double[] steps, double[] median, double[] min, double[] max, int runs) {

    /** Aggregates runs given as {steps, values} pairs; non-finite values are ignored. */
    public static SeedBand of(String label, List<double[][]> series) {
        TreeMap<Double, double[]> byStep = new TreeMap<>();
        int k = series.size();
        for (int r = 0; r < k; r++) {
            double[][] s = series.get(r);
            for (int i = 0; i < s[0].length; i++) {
                double[] slot = byStep.computeIfAbsent(s[0][i], x -> filledNaN(k));
                slot[r] = s[1][i];
            }
        }
        int n = byStep.size();
        double[] steps = new double[n];
        double[] med = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int i = 0;
        for (var e : byStep.entrySet()) {
            double[] v = Arrays.stream(e.getValue()).filter(Double::isFinite).sorted().toArray();
            steps[i] = e.getKey();
            if (v.length == 0) {
                med[i] = lo[i] = hi[i] = Double.NaN;
            } else {
                med[i] = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
                lo[i] = v[0];
                hi[i] = v[v.length - 1];
            }
            i++;
        }
        return new SeedBand(label, steps, med, lo, hi, k);
    }

    private static double[] filledNaN(int k) {
        double[] a = new double[k];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
