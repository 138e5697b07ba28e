package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Experiment (d): Muon on the hidden matrices with AdamW elsewhere (the split of Jordan et al.'s
 * Muon, https://kellerjordan.github.io/posts/muon/, and Liu et al., "Muon is scalable for LLM
 * training", arXiv 2502.16982) against AdamW everywhere, at an equal number of steps. Optimizer
 * labels are {@code adamw-LR} and {@code hybrid-LR}; each method is taken at the learning rate of
 * its sweep with the lowest median end loss over seeds (held-out loss at the last step; diverged
 * runs count as +∞).
 *
 * <p>Check: the tuned hybrid reaches a lower median loss than tuned AdamW, the result reported for
 * Muon on transformer language models at equal steps. Writes {@code muon-hybrid.csv}.
 */
public final class MuonHybridAnalysis implements Analysis {
    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        List<String> rows = new ArrayList<>();
        double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        String[] bestLabel = {"", ""};
        for (var g : data.byGridPoint().entrySet()) {
            for (var o : g.getValue().entrySet()) {
                int method = o.getKey().startsWith("hybrid") ? 1 : 0;
                double[] v = new double[o.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    RunRecord r = o.getValue().get(i);
                    v[i] = r.status().equals("diverged") ? Double.POSITIVE_INFINITY : Tables.endLoss(data, r, 10);
                    rows.add(o.getKey() + "," + r.repeat() + "," + Tables.num(v[i]));
                }
                double m = SchedulesAnalysis.median(v);
                out.finding(o.getKey(), m, "median end loss over " + v.length + " seeds");
                if (m < best[method]) {
                    best[method] = m;
                    bestLabel[method] = o.getKey();
                }
            }
        }
        Tables.csv(data, "muon-hybrid.csv", "optimizer,repeat,end_loss", rows);
        out.check("tuned Muon hybrid beats tuned AdamW at equal steps", best[1] < best[0],
                String.format("%s %.4f vs %s %.4f", bestLabel[1], best[1], bestLabel[0], best[0]));
        return out;
    }
}
