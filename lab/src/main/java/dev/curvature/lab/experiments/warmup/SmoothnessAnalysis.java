package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.report.GridValues;
import dev.curvature.lab.experiments.Reproduction;
import java.util.Optional;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.PairedSeeds;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Experiment (b) of the warm-up reproduction (Alimisis, Islamov &amp; Lucchi, arXiv 2510.03164,
 * §3.2, Figs 1–2): the smoothness proxy against the training loss in early training, and the
 * least-squares line L̂ = H0 + H1·f of the (H0,H1) model ‖∇²f(w)‖ ≤ H0 + H1·(f(w) − f*).
 *
 * <p>Both forms logged by the {@code smoothness_batch} monitor are fitted and asserted, for the
 * step w_k → w_{k+1} = w_k − η·d(∇f_{S_k}(w_k)):
 * <ul>
 *   <li>the paper's consecutive-batch proxy (column {@code smoothness_stochastic})
 *       L̂_k = ‖∇f_{S_k}(w_{k+1}) − ∇f_{S_{k−1}}(w_k)‖/‖w_{k+1} − w_k‖;</li>
 *   <li>the same-batch form (column {@code smoothness_batch})
 *       ‖∇f_{S_k}(w_{k+1}) − ∇f_{S_k}(w_k)‖/‖w_{k+1} − w_k‖, the secant curvature of one batch's
 *       function along the step, free of the difference between two batches' gradients.</li>
 * </ul>
 * Each L̂_k is paired with the stochastic training loss f_{S_k}(w_k) of the same step.
 *
 * <p>The paper reports the relation as linear "for much of early training, except the very first
 * phase"; the first {@code first_phase} fraction of each run's steps (default 0.1) is left out.
 * Single steps are noisy (one mini-batch loss, one secant), so each run is fitted on the medians of
 * {@code bins} (default 10) consecutive blocks of equal length of its remaining measurements. The
 * median, not the mean: the consecutive-batch ratio is heavy-tailed (a short step divides the
 * difference of two batches' gradients), and one such step would otherwise set a block's value.
 * All three are analysis parameters ({@code analysis: {name: warmup-smoothness, first_phase: 0.1,
 * bins: 10, min_r2: 0.5}}).
 *
 * <p>Checks, per model and per form, over the seeds (repeats: initial weights):
 * <ul>
 *   <li>L̂ grows with the loss: the binned slope H1 &gt; 0 on every seed (with n ≥ 5 seeds the
 *       one-sided sign test gives p = 2^{−n} ≤ 1/32); margin: the smallest per-seed correlation
 *       r = sign(H1)·√R² of the block medians against 0;</li>
 *   <li>the line explains most of the variation: the median over seeds of the binned R² is at least
 *       {@code min_r2} (default 0.5).</li>
 * </ul>
 * Writes {@code smoothness.csv} (the binned points) and {@code smoothness-fit.csv} (per seed and
 * pooled).
 */
public final class SmoothnessAnalysis implements Analysis, Reproduction {
    /** The spec {@code warmup-smoothness.yaml} beside this class. */
    @Override
    public String experiment() {
        return "warmup-smoothness";
    }

    @Override
    public String name() {
        return "warmup-smoothness";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }
    /** Parameter: the fraction of each run's steps left out at its start. */
    static final String FIRST_PHASE = "first_phase";
    /** Parameter: the number of blocks of consecutive measurements averaged per run. */
    static final String BINS = "bins";
    /** Parameter: the median binned R² the line must reach. */
    static final String MIN_R2 = "min_r2";
    static final Map<String, Double> DEFAULTS = defaults();
    /** The two forms: monitor column and name. */
    static final String[][] FORMS = {{"smoothness_stochastic", "consecutive batches (paper)"},
            {"smoothness_batch", "same batch"}};

    private static Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(FIRST_PHASE, 0.1);
        m.put(BINS, 10.0);
        m.put(MIN_R2, 0.5);
        return m;
    }

    /** The least-squares line of one run: L̂ ≈ h0 + h1·f on its binned points, and the per-step R². */
    record SeedFit(long repeat, int points, double h0, double h1, double r2, double r2PerStep) {
        /** The correlation of the binned points, sign(H1)·√R². */
        double r() {
            return Math.signum(h1) * Math.sqrt(r2);
        }
    }

    @Override
    public Map<String, Double> parameters() {
        return DEFAULTS;
    }

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        double skip = data.parameter(FIRST_PHASE, DEFAULTS.get(FIRST_PHASE));
        int bins = (int) data.parameter(BINS, DEFAULTS.get(BINS));
        double minR2 = data.parameter(MIN_R2, DEFAULTS.get(MIN_R2));
        if (!(skip >= 0 && skip < 1) || bins < 3) {
            throw new IllegalArgumentException("warmup-smoothness: first_phase = " + skip + " must lie in [0, 1) and "
                    + "bins = " + bins + " must be at least 3");
        }
        AnalysisResult out = new AnalysisResult();
        List<String> points = new ArrayList<>();
        List<String> fits = new ArrayList<>();
        for (var g : data.byGridPoint().entrySet()) {
            String model = modelOf(g.getKey());
            List<RunRecord> runs = new ArrayList<>();
            g.getValue().values().forEach(runs::addAll);
            for (String[] form : FORMS) {
                String column = form[0];
                String what = form[1];
                List<SeedFit> seedFits = new ArrayList<>();
                List<Double> fx = new ArrayList<>();
                List<Double> ly = new ArrayList<>();
                for (RunRecord r : runs) {
                    double[][] pairs = pairs(data, r, column, skip);
                    double[][] binned = binned(pairs, bins);
                    for (int i = 0; i < binned[0].length; i++) {
                        fx.add(binned[0][i]);
                        ly.add(binned[1][i]);
                        points.add(model + "," + column + "," + r.repeat() + "," + Tables.num(binned[0][i]) + ","
                                + Tables.num(binned[1][i]));
                    }
                    if (binned[0].length >= 3) {
                        double[] fit = Tables.fit(binned[0], binned[1]);
                        double[] raw = Tables.fit(pairs[0], pairs[1]);
                        SeedFit s = new SeedFit(r.repeat(), binned[0].length, fit[0], fit[1], fit[2], raw[2]);
                        seedFits.add(s);
                        fits.add(model + "," + column + "," + r.repeat() + "," + s.points() + "," + Tables.num(s.h0())
                                + "," + Tables.num(s.h1()) + "," + Tables.num(s.r2()) + ","
                                + Tables.num(s.r2PerStep()));
                    }
                }
                int n = seedFits.size();
                if (n == 0) {
                    out.check(model + ", " + what + ": the runs measured the proxy", Margin.atLeast(0,
                            Evidence.MIN_SEEDS), Evidence.seeds(0, "runs with at least 3 binned points"),
                            "no run has 3 binned points of " + column);
                    continue;
                }
                double[] x = fx.stream().mapToDouble(Double::doubleValue).toArray();
                double[] y = ly.stream().mapToDouble(Double::doubleValue).toArray();
                double[] pooled = Tables.fit(x, y);
                fits.add(model + "," + column + ",all," + x.length + "," + Tables.num(pooled[0]) + ","
                        + Tables.num(pooled[1]) + "," + Tables.num(pooled[2]) + ",");
                double[] slopes = seedFits.stream().mapToDouble(SeedFit::h1).toArray();
                double[] r2s = seedFits.stream().mapToDouble(SeedFit::r2).toArray();
                double minR = seedFits.stream().mapToDouble(SeedFit::r).min().orElse(Double.NaN);
                long positive = Arrays.stream(slopes).filter(s -> s > 0).count();
                double medianR2 = PairedSeeds.medianOf(r2s);
                String perSeed = perSeed(seedFits);
                out.finding(model + ", " + what + ": slope H1 (pooled over seeds)", pooled[1], String.format(
                        Locale.ROOT, "L̂ ≈ %.3g + %.3g·f, pooled R² = %.3f on %d block medians of %d seeds; median "
                                + "per-seed R² = %.3f", pooled[0], pooled[1], pooled[2], x.length, n, medianR2));
                out.check(model + ", " + what + ": L̂ grows with the training loss (H1 > 0 on every seed)",
                        positive == n, Margin.above(minR, 0),
                        Evidence.seeds(n, "smallest per-seed correlation sign(H1)·√R² of the block medians; "
                                + positive + " of " + n + " seeds have H1 > 0, one-sided sign test p = "
                                + String.format(Locale.ROOT, "%.3g", PairedSeeds.signTestP((int) positive, n))),
                        "per seed (H1, R²): " + perSeed);
                out.check(model + ", " + what + ": L̂ is close to linear in the loss (median binned R² ≥ "
                                + String.format(Locale.ROOT, "%.2f", minR2) + ")", Margin.atLeast(medianR2, minR2),
                        Evidence.seeds(n, "median over seeds of the binned R²"),
                        String.format(Locale.ROOT, "binned R² per seed: %s", Arrays.toString(
                                Arrays.stream(r2s).mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).toArray())));
                XYChart chart = Charts.xy("L̂ vs training loss, " + what + ": " + model, "training loss f_{S_k}(w_k)",
                        "L̂ (block medians)", false, false);
                Tables.line(chart, "block medians, " + n + " seeds", x, y, true);
                double lo = Arrays.stream(x).min().orElse(0);
                double hi = Arrays.stream(x).max().orElse(1);
                Tables.line(chart, String.format(Locale.ROOT, "pooled fit, R² %.2f", pooled[2]),
                        new double[] {lo, hi}, new double[] {pooled[0] + pooled[1] * lo, pooled[0] + pooled[1] * hi},
                        false);
                out.figure("smoothness-" + (column.equals("smoothness_batch") ? "batch-" : "consecutive-")
                                + model.replace(" / ", "-"), chart,
                        "Block medians of the " + what + " proxy L̂ against the training loss, after the first "
                                + String.format(Locale.ROOT, "%.3g", 100 * skip) + " % of the steps, " + n + " seeds, with the pooled "
                                + "least-squares line (" + model + ").");
            }
        }
        Tables.csv(data, "smoothness.csv", "model,proxy,repeat,loss,smoothness", points);
        Tables.csv(data, "smoothness-fit.csv", "model,proxy,repeat,points,intercept_h0,slope_h1,r2_binned,r2_per_step",
                fits);
        out.note("L̂_k is logged at step k + 1 and paired with the training loss of step k. The first "
                + String.format(Locale.ROOT, "%.3g", 100 * skip) + " % of each run's steps are left out (analysis parameter first_phase); "
                + "each run is fitted on the medians of " + bins + " blocks of consecutive steps (parameter bins).");
        out.note("Data: smoothness.csv (binned points) and smoothness-fit.csv (per-seed and pooled fits) in this "
                + "folder.");
        return out;
    }

    /**
     * The pairs (f_{S_k}(w_k), L̂_k) of a run after its first phase: {losses, proxies}. L̂_k is in
     * the row of step k + 1, the loss in the row of step k.
     */
    static double[][] pairs(ExperimentData data, RunRecord r, String column, double skip) throws Exception {
        double[][] loss = data.series(r, "loss");
        double[][] lh = data.series(r, column);
        Map<Long, Double> byStep = new HashMap<>();
        for (int i = 0; i < loss[0].length; i++) {
            byStep.put((long) loss[0][i], loss[1][i]);
        }
        double last = loss[0].length == 0 ? 0 : loss[0][loss[0].length - 1];
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < lh[0].length; i++) {
            Double f = byStep.get((long) lh[0][i] - 1);
            if (f != null && lh[0][i] >= skip * last && Double.isFinite(lh[1][i]) && Double.isFinite(f)) {
                out.add(new double[] {f, lh[1][i]});
            }
        }
        double[][] xy = new double[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            xy[0][i] = out.get(i)[0];
            xy[1][i] = out.get(i)[1];
        }
        return xy;
    }

    /**
     * The medians (of the losses and of the proxies, separately) of {@code bins} consecutive blocks
     * of equal length (the last, incomplete block left out); fewer blocks, of one pair each, when
     * there are fewer pairs than bins.
     */
    static double[][] binned(double[][] pairs, int bins) {
        int n = pairs[0].length;
        int len = Math.max(1, n / bins);
        int count = n / len;
        double[][] out = new double[2][count];
        for (int b = 0; b < count; b++) {
            out[0][b] = PairedSeeds.medianOf(Arrays.copyOfRange(pairs[0], b * len, (b + 1) * len));
            out[1][b] = PairedSeeds.medianOf(Arrays.copyOfRange(pairs[1], b * len, (b + 1) * len));
        }
        return out;
    }

    private static String perSeed(List<SeedFit> fits) {
        StringBuilder sb = new StringBuilder();
        for (SeedFit s : fits) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(String.format(Locale.ROOT, "(%.3g, %.2f)", s.h1(), s.r2()));
        }
        return sb.toString();
    }

    /** The model name of a grid point: the problem's name, and its data set or text when it has one. */
    static String modelOf(Map<String, String> grid) {
        SpecNode problem = new GridValues("grid point " + ExperimentData.label(grid), grid).node("problem")
                .filter(SpecNode::isMap).orElse(null);
        if (problem == null || problem.find("name").isEmpty()) {
            return ExperimentData.label(grid);
        }
        String name = problem.get("name").asString();
        Optional<SpecNode> data = problem.find("dataset").or(() -> problem.find("text"));
        return data.map(d -> name + " / " + d.asString()).orElse(name);
    }
}
