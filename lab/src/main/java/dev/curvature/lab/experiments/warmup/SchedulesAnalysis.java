package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.SeedBand;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Experiment (c) of the warm-up reproduction (Alimisis, Islamov &amp; Lucchi, arXiv 2510.03164,
 * §5): the loss after N steps without warm-up, with linear warm-up, and with the loss-based
 * (H0,H1) schedule ({@code loss_warmup}), per model, median over seeds. The loss is the held-out
 * loss at the last step ({@code test_loss}), or the mean of the last logged training losses.
 * A diverged run counts as +∞.
 *
 * <p>Checks, per model, the paper's two findings: (1) both warm-ups end at a lower median loss
 * than no warm-up, and (2) the loss-based schedule is on par with linear warm-up: the two medians
 * differ by at most 10 % of linear warm-up's, or by at most the seed-to-seed spread (half the
 * range of either schedule's end losses), whichever is larger. "On par" claims no difference, and
 * with 3 seeds a gap smaller than the spread between seeds of one schedule cannot be told apart
 * from noise; a schedule that is worse on every seed by more than the spread still fails.
 * Writes {@code schedules.csv}.
 */
public final class SchedulesAnalysis implements Analysis {
    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        List<String> rows = new ArrayList<>();
        for (var g : data.byGridPoint().entrySet()) {
            String model = SmoothnessAnalysis.modelOf(g.getKey());
            Map<String, Double> med = new LinkedHashMap<>();
            Map<String, double[]> seeds = new LinkedHashMap<>();
            XYChart curves = Charts.xy("Held-out loss by warm-up schedule: " + model, "step",
                    "held-out loss (median over seeds)", false, false);
            for (var o : g.getValue().entrySet()) {
                double[] v = new double[o.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    RunRecord r = o.getValue().get(i);
                    v[i] = r.status().equals("diverged") ? Double.POSITIVE_INFINITY : Tables.endLoss(data, r, 10);
                    rows.add(model + "," + o.getKey() + "," + r.repeat() + "," + Tables.num(v[i]));
                }
                double m = median(v);
                med.put(o.getKey(), m);
                seeds.put(o.getKey(), v);
                SeedBand b = data.band(o.getKey(), o.getValue(), "test_loss");
                Tables.line(curves, o.getKey(), b.steps(), b.median(), false);
                out.finding(model + ": " + o.getKey(), m, "median end loss over " + v.length + " seeds");
            }
            if (!curves.getSeriesMap().isEmpty()) {
                out.figure("schedules-" + model, curves, "Median over seeds of the held-out loss for no warm-up, "
                        + "linear warm-up and the loss-based schedule (runs that diverged are left out after they stop).");
            }
            Double none = med.get("none");
            Double linear = med.get("linear");
            Double loss = med.get("loss-based");
            if (none == null || linear == null || loss == null) {
                out.check(model + ": runs none, linear and loss-based present", false, med.keySet().toString());
                continue;
            }
            out.check(model + ": linear warm-up beats no warm-up", linear < none,
                    String.format("%.4f vs %.4f", linear, none));
            out.check(model + ": loss-based warm-up beats no warm-up", loss < none,
                    String.format("%.4f vs %.4f", loss, none));
            double spread = Math.max(halfRange(seeds.get("linear")), halfRange(seeds.get("loss-based")));
            double tol = Math.max(0.1 * linear, Double.isFinite(spread) ? spread : 0);
            out.check(model + ": loss-based on par with linear warm-up (|Δ median| ≤ max(10 %, seed half-range))",
                    Math.abs(loss - linear) <= tol, String.format("%.4f vs %.4f (%+.1f %%; tolerance %.4f)", loss,
                            linear, 100 * (loss / linear - 1), tol));
        }
        Tables.csv(data, "schedules.csv", "model,schedule,repeat,end_loss", rows);
        out.note("Data: schedules.csv in this folder (end loss of every run; inf = diverged).");
        return out;
    }

    /** Half the range (max − min) of the seeds' end losses; +∞ when one diverged. */
    static double halfRange(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return v.length == 0 ? Double.NaN : 0.5 * (hi - lo);
    }

    /** Median, with +∞ entries (diverged runs) sorted last. */
    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
