package dev.curvature.lab.experiments.spectral;

import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.runner.RunSettings;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.Summaries;
import dev.curvature.lab.store.RunRecord;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The per-run statistics of the Braun et al. reproductions (arXiv 2601.22652, Fig. 1), shared by
 * {@link BraunSpikedAnalysis} and {@link BraunAnisotropyAnalysis}: from the columns of the monitor
 * {@code spiked_phase_metrics} (signal a_k = ‖Wᵀw*‖/√m, spike b_k = ‖Wᵀv‖/√m, bulk
 * c_k = ‖(I − w*w*ᵀ − vvᵀ)W‖_F/√m, alignment ‖Wᵀw*‖/‖W‖_F) the escape step (first k with
 * a_k ≥ {@link #ESCAPE_SIGNAL}), the spike amplification max_k (b_k/b₀)/(a_k/a₀) and spike growth
 * max_k b_k/b₀ over the escape window, the smallest alignment over that window, and the bulk's peak
 * and final value.
 */
final class SpikedRuns {
    /** The signal coefficient that counts as escaped. */
    static final double ESCAPE_SIGNAL = 0.5;

    private SpikedRuns() {}

    /**
     * What one run shows.
     *
     * @param setting the value of the swept parameter (κ, α or n) of the run
     */
    record RunStats(String method, double setting, int repeat, double escapeStep, double spikeAmplification,
                    double spikeGrowth, double alignment0, double alignmentMin, double bulkPeak, double bulkFinal,
                    double lossFinal, boolean diverged) {
        /** min_k alignment over the escape window / initial alignment. */
        double alignmentRatio() {
            return alignmentMin / alignment0;
        }

        /** c_T / max_k c_k. */
        double bulkContraction() {
            return bulkFinal / bulkPeak;
        }
    }

    /** The median of {@code f} over the finite values of a group of runs. */
    static double med(List<RunStats> g, ToDoubleFunction<RunStats> f) {
        return Summaries.median(g.stream().map(s -> f.applyAsDouble(s)).toList());
    }

    /** The statistics of run {@code r}, labelled with {@code setting}. */
    static RunStats stats(ExperimentData data, RunRecord r, double setting) throws Exception {
        double[][] a = data.series(r, "signal");
        double[][] b = data.series(r, "spike");
        double[][] c = data.series(r, "bulk");
        double[][] al = data.series(r, "alignment");
        double[][] loss = data.series(r, "loss");
        boolean diverged = r.status() == RunStatus.DIVERGED || RunSettings.DIVERGED.equals(r.stopReason());
        int n = Math.min(Math.min(a[0].length, b[0].length), Math.min(c[0].length, al[0].length));
        if (n == 0) {
            return new RunStats(r.optimizer(), setting, r.repeat(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, diverged);
        }
        double a0 = a[1][0];
        double b0 = b[1][0];
        int esc = -1;
        for (int i = 0; i < n; i++) {
            if (a[1][i] >= ESCAPE_SIGNAL) {
                esc = i;
                break;
            }
        }
        int end = esc < 0 ? n - 1 : esc;
        double amp = 0;
        double growth = 0;
        double alMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= end; i++) {
            amp = Math.max(amp, (b[1][i] / b0) / (a[1][i] / a0));
            growth = Math.max(growth, b[1][i] / b0);
            alMin = Math.min(alMin, al[1][i]);
        }
        double cPeak = 0;
        for (int i = 0; i < n; i++) {
            cPeak = Math.max(cPeak, c[1][i]);
        }
        double lossFinal = loss[1].length == 0 ? Double.NaN : loss[1][loss[1].length - 1];
        return new RunStats(r.optimizer(), setting, r.repeat(), esc < 0 ? Double.NaN : a[0][esc], amp, growth, al[1][0],
                alMin, cPeak, c[1][n - 1], lossFinal, diverged);
    }

    /** steps + 1, for log-scale step axes. */
    static double[] plusOne(double[] steps) {
        double[] x = new double[steps.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = steps[i] + 1;
        }
        return x;
    }
}
