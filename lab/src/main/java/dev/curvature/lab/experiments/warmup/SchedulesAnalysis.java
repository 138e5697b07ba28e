package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment (c) of the warm-up reproduction (Alimisis, Islamov &amp; Lucchi, arXiv 2510.03164,
 * §5): the loss after N steps without warm-up, with linear warm-up, and with the loss-based
 * (H0,H1) schedule ({@code loss_warmup}), per model, median over seeds. The loss is the held-out
 * loss at the last step ({@code test_loss}), or the mean of the last logged training losses.
 * A diverged run counts as +∞.
 *
 * <p>Checks, per model, the paper's two findings: (1) both warm-ups end at a lower median loss
 * than no warm-up, and (2) the loss-based schedule is on par with linear warm-up: its median loss
 * is within 10 % of linear warm-up's (or below it). Writes {@code schedules.csv}.
 */
public final class SchedulesAnalysis implements Analysis {
    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        List<String> rows = new ArrayList<>();
        for (var g : data.byGridPoint().entrySet()) {
            String model = SmoothnessAnalysis.modelOf(g.getKey());
            Map<String, Double> med = new LinkedHashMap<>();
            for (var o : g.getValue().entrySet()) {
                double[] v = new double[o.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    RunRecord r = o.getValue().get(i);
                    v[i] = r.status().equals("diverged") ? Double.POSITIVE_INFINITY : Tables.endLoss(data, r, 10);
                    rows.add(model + "," + o.getKey() + "," + r.repeat() + "," + Tables.num(v[i]));
                }
                double m = median(v);
                med.put(o.getKey(), m);
                out.finding(model + ": " + o.getKey(), m, "median end loss over " + v.length + " seeds");
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
            out.check(model + ": loss-based on par with linear warm-up (within 10 %)", loss <= 1.1 * linear,
                    String.format("%.4f vs %.4f (%+.1f %%)", loss, linear, 100 * (loss / linear - 1)));
        }
        Tables.csv(data, "schedules.csv", "model,schedule,repeat,end_loss", rows);
        out.note("Data: schedules.csv in this folder (end loss of every run; inf = diverged).");
        return out;
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
