package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Experiment (b) of the warm-up reproduction (Alimisis, Islamov &amp; Lucchi, arXiv 2510.03164,
 * §3.2, Figs 1–2): the smoothness proxy L̂_k against the training loss f_k in early training, and
 * the least-squares line L̂ = H0 + H1·f of the (H0,H1) model.
 *
 * <p>Pairs (f_k, L̂_k) come from the {@code smoothness_batch} monitor (both gradients on batch S_k)
 * and the loss of the same batch at the same step. The paper reports the relation as linear "except
 * in the very first phase", where the proxy starts small at the highest loss; the first 10 % of the
 * steps are therefore left out. Single steps are noisy (one mini-batch loss, one secant), so the
 * fit is made on the means of {@value #BINS} consecutive blocks of equal length per run (so short
 * and long runs are fitted on as many points, each longer run's point averaging more steps); the
 * per-step R² is reported too. The consecutive-batch form of the paper, {@code smoothness_stochastic}, is
 * fitted and reported the same way; at these batch sizes it also measures the difference between two
 * batches' gradients divided by a small step, so it is not asserted on.
 *
 * <p>Checks, per model: the same-batch proxy grows with the loss (slope H1 &gt; 0) and the line
 * explains most of its variation (binned R² ≥ 0.5). Writes {@code smoothness.csv} (the binned
 * points) and {@code smoothness-fit.csv}.
 */
public final class SmoothnessAnalysis implements Analysis {
    static final int BINS = 25;
    static final double SKIP = 0.1;

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        List<String> points = new ArrayList<>();
        List<String> fits = new ArrayList<>();
        for (var g : data.byGridPoint().entrySet()) {
            String model = modelOf(g.getKey());
            List<RunRecord> runs = new ArrayList<>();
            g.getValue().values().forEach(runs::addAll);
            XYChart chart = Charts.xy("Smoothness proxy vs training loss: " + model, "training loss f",
                    "L̂ (binned means)", false, false);
            for (String column : new String[] {"smoothness_batch", "smoothness_stochastic"}) {
                List<Double> fx = new ArrayList<>();
                List<Double> ly = new ArrayList<>();
                List<Double> rawX = new ArrayList<>();
                List<Double> rawY = new ArrayList<>();
                for (RunRecord r : runs) {
                    double[][] loss = data.series(r, "loss");
                    double[][] lh = data.series(r, column);
                    Map<Long, Double> byStep = new HashMap<>();
                    for (int i = 0; i < loss[0].length; i++) {
                        byStep.put((long) loss[0][i], loss[1][i]);
                    }
                    double last = lh[0].length == 0 ? 0 : lh[0][lh[0].length - 1];
                    List<double[]> pairs = new ArrayList<>();
                    for (int i = 0; i < lh[0].length; i++) {
                        Double f = byStep.get((long) lh[0][i]);
                        if (f != null && lh[0][i] >= SKIP * last && Double.isFinite(lh[1][i])) {
                            pairs.add(new double[] {f, lh[1][i]});
                            rawX.add(f);
                            rawY.add(lh[1][i]);
                        }
                    }
                    int bin = Math.max(1, pairs.size() / BINS);
                    for (int i = 0; i + bin <= pairs.size(); i += bin) {
                        double sf = 0;
                        double sl = 0;
                        for (int j = i; j < i + bin; j++) {
                            sf += pairs.get(j)[0];
                            sl += pairs.get(j)[1];
                        }
                        fx.add(sf / bin);
                        ly.add(sl / bin);
                        points.add(model + "," + column + "," + r.repeat() + "," + Tables.num(sf / bin) + ","
                                + Tables.num(sl / bin));
                    }
                }
                if (fx.size() < 3) {
                    out.check(model + ": enough measurements of " + column, false, fx.size() + " binned points");
                    continue;
                }
                double[] x = fx.stream().mapToDouble(Double::doubleValue).toArray();
                double[] y = ly.stream().mapToDouble(Double::doubleValue).toArray();
                double[] fit = Tables.fit(x, y);
                double[] raw = Tables.fit(rawX.stream().mapToDouble(Double::doubleValue).toArray(),
                        rawY.stream().mapToDouble(Double::doubleValue).toArray());
                fits.add(model + "," + column + "," + x.length + "," + Tables.num(fit[0]) + "," + Tables.num(fit[1])
                        + "," + Tables.num(fit[2]) + "," + Tables.num(raw[2]));
                String what = column.equals("smoothness_batch") ? "same batch" : "consecutive batches";
                out.finding(model + ", " + what + ": slope H1", fit[1], String.format(
                        "intercept H0 = %.3g, R² = %.3f on %d binned points (per step R² = %.3f)", fit[0], fit[2],
                        x.length, raw[2]));
                if (column.equals("smoothness_batch")) {
                    out.check(model + ": L̂ grows with the loss (H1 > 0)", fit[1] > 0,
                            String.format("L̂ ≈ %.3g + %.3g·f", fit[0], fit[1]));
                    out.check(model + ": L̂ is close to linear in the loss (binned R² ≥ 0.5)", fit[2] >= 0.5,
                            String.format("R² = %.3f", fit[2]));
                }
                Tables.line(chart, what, x, y, true);
                double lo = java.util.Arrays.stream(x).min().orElse(0);
                double hi = java.util.Arrays.stream(x).max().orElse(1);
                Tables.line(chart, what + " fit, R² " + String.format("%.2f", fit[2]), new double[] {lo, hi},
                        new double[] {fit[0] + fit[1] * lo, fit[0] + fit[1] * hi}, false);
            }
            out.figure("smoothness-" + model, chart, "Binned means of L̂ against the training loss after the first "
                    + (int) (SKIP * 100) + " % of the steps, with the least-squares lines (" + model + ").");
        }
        Tables.csv(data, "smoothness.csv", "model,proxy,repeat,loss,smoothness", points);
        Tables.csv(data, "smoothness-fit.csv", "model,proxy,points,intercept_h0,slope_h1,r2_binned,r2_per_step", fits);
        out.note("Data: smoothness.csv (binned points) and smoothness-fit.csv (fits) in this folder.");
        return out;
    }

    /** The model name of a grid point (the problem's name). */
    static String modelOf(Map<String, String> grid) {
        String p = grid.getOrDefault("problem", "");
        int i = p.indexOf("name:");
        if (i < 0) {
            return ExperimentData.label(grid);
        }
        String rest = p.substring(i + 5).strip();
        int end = rest.indexOf(',');
        String name = (end < 0 ? rest.replace("}", "") : rest.substring(0, end)).strip();
        int ds = Math.max(p.indexOf("dataset:"), p.indexOf("text:"));
        if (ds >= 0) {
            String d = p.substring(p.indexOf(':', ds) + 1).strip();
            int e = d.indexOf(',');
            name += " / " + (e < 0 ? d.replace("}", "") : d.substring(0, e)).strip();
        }
        return name;
    }
}
