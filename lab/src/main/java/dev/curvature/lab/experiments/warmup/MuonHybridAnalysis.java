package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.experiments.Reproduction;
import java.util.Optional;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.PairedSeeds;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.SeedBand;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Experiment (d): Muon on the hidden matrices with AdamW elsewhere (the split of Jordan et al.'s
 * Muon, https://kellerjordan.github.io/posts/muon/, and Liu et al., "Muon is scalable for LLM
 * training", arXiv 2502.16982) against AdamW everywhere, at an equal number of steps. Optimizer
 * labels are {@code adamw-LR} and {@code hybrid-LR} (LR: AdamW's, resp. Muon's learning rate);
 * each method is taken at the learning rate of its sweep with the lowest median end loss over
 * seeds (held-out loss at the last step; a diverged run counts as +∞).
 *
 * <p>Checks the result reported for Muon on transformer language models at equal steps, that the
 * tuned hybrid ends lower than tuned AdamW, paired by seed (runs with the same repeat index share
 * the initial weights and the batch order), in two ways: (1) the upper end of the 90 %
 * paired-bootstrap interval of the median log-ratio hybrid / AdamW is below 0, and (2) a one-sided
 * exact sign test over the seeds is significant at 5 % (with 5 seeds: all 5; with 10: 9). A
 * difference of medians alone can come from one lucky seed. (3) The comparison is fair only if the losing method is not
 * under-tuned, so its best learning rate must lie inside its sweep, not at an end; the winner at an
 * end of its sweep is only noted, since more tuning could only widen its lead. Writes
 * {@code muon-hybrid.csv}.
 */
public final class MuonHybridAnalysis implements Analysis, Reproduction {
    /** The spec {@code muon-hybrid.yaml} beside this class. */
    @Override
    public String experiment() {
        return "muon-hybrid";
    }

    @Override
    public String name() {
        return "muon-hybrid";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }
    private static final String[] METHODS = {"adamw", "hybrid"};

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        List<String> rows = new ArrayList<>();
        // method -> label -> per-seed end losses (by repeat index)
        List<Map<String, double[]>> byMethod = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        Map<String, List<RunRecord>> runsOf = new LinkedHashMap<>();
        Map<String, Double> lrOf = new LinkedHashMap<>();
        XYChart sweep = Charts.xy("End loss against the learning rate (median over seeds)", "learning rate",
                "held-out loss", true, false);
        for (var g : data.byGridPoint().entrySet()) {
            for (var o : g.getValue().entrySet()) {
                String label = o.getKey();
                List<RunRecord> runs = o.getValue();
                SpecNode config = data.optimizer(runs.get(0));
                int method = isHybrid(config) ? 1 : 0;
                double lr = lr(config);
                lrOf.put(label, lr);
                int seeds = runs.stream().mapToInt(RunRecord::repeat).max().orElse(-1) + 1;
                double[] v = new double[seeds];
                Arrays.fill(v, Double.NaN);
                for (RunRecord r : runs) {
                    double e = r.status() == RunStatus.DIVERGED ? Double.POSITIVE_INFINITY : Tables.endLoss(data, r, 10);
                    v[r.repeat()] = e;
                    rows.add(METHODS[method] + "," + lr + "," + r.repeat() + "," + Tables.num(e));
                }
                byMethod.get(method).put(label, v);
                runsOf.put(label, runs);
            }
        }
        Tables.csv(data, "muon-hybrid.csv", "method,lr,repeat,end_loss", rows);
        String[] best = new String[2];
        double[] bestMedian = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        boolean[] atEdge = new boolean[2];
        for (int m = 0; m < 2; m++) {
            Map<String, double[]> sweepOf = byMethod.get(m);
            double[] xs = new double[sweepOf.size()];
            double[] ys = new double[sweepOf.size()];
            int i = 0;
            for (var e : sweepOf.entrySet()) {
                double med = PairedSeeds.medianOf(e.getValue());
                out.finding(e.getKey(), med, "median end loss over " + e.getValue().length + " seeds");
                xs[i] = lrOf.get(e.getKey());
                ys[i++] = med;
                if (med < bestMedian[m]) {
                    bestMedian[m] = med;
                    best[m] = e.getKey();
                }
            }
            Tables.line(sweep, m == 0 ? "AdamW (its lr)" : "Muon + AdamW (Muon's lr)", xs, ys, false);
            if (best[m] == null) {
                out.check("runs of " + METHODS[m] + " present", Margin.failures(1),
                        Evidence.deterministic("the spec's optimizers"), sweepOf.keySet().toString());
                return out;
            }
            double bestLr = lrOf.get(best[m]);
            atEdge[m] = bestLr == Arrays.stream(xs).min().orElse(bestLr)
                    || bestLr == Arrays.stream(xs).max().orElse(bestLr);
        }
        int loser = bestMedian[1] < bestMedian[0] ? 0 : 1;
        int seeds = byMethod.get(loser).get(best[loser]).length;
        out.check("the losing method (" + METHODS[loser] + ") is tuned: its best learning rate is inside its sweep",
                Margin.failures(atEdge[loser] ? 1 : 0), Evidence.seeds(seeds, "median over seeds at each learning rate"),
                best[loser] + (atEdge[loser] ? " is at the edge of the sweep" : " is interior"));
        if (atEdge[1 - loser]) {
            out.note("The best learning rate of the winning method (" + best[1 - loser] + ") is at the edge of its "
                    + "sweep: it may do better still, which does not change the comparison.");
        }
        out.figure("muon-hybrid-sweep", sweep, "Median held-out loss at the last step for each learning rate; "
                + "the hybrid's AdamW part keeps its own fixed rate.");
        PairedSeeds p = new PairedSeeds(byMethod.get(1).get(best[1]), byMethod.get(0).get(best[0]));
        double[] ci = PairedSeeds.bootstrapMedian(p.logRatios(), 0.90, 2000, 31L);
        out.check("tuned Muon hybrid beats tuned AdamW at equal steps (upper end of the 90 % paired-bootstrap "
                        + "interval of the median log-ratio < 0)", Margin.below(ci[1], 0),
                Evidence.seeds(p.n(), "paired bootstrap of the median log-ratio"),
                String.format("%s vs %s: median ratio %.4f, 90 %% interval [%.4f, %.4f]; medians %.4f vs %.4f",
                        best[1], best[0], Math.exp(PairedSeeds.medianOf(p.logRatios())), Math.exp(ci[0]),
                        Math.exp(ci[1]), bestMedian[1], bestMedian[0]));
        int critical = PairedSeeds.signTestCritical(p.n(), 0.05);
        out.check("tuned Muon hybrid beats tuned AdamW seed by seed (one-sided sign test, p ≤ 0.05; paired: same "
                        + "initial weights and batches)", Margin.atLeast(p.aBelow(), critical),
                Evidence.seeds(p.n(), "exact sign test"), String.format("lower on %d of %d seeds (p = %.3g; %d needed)",
                        p.aBelow(), p.n(), PairedSeeds.signTestP(p.aBelow(), p.n()), critical));
        XYChart curves = Charts.xy("Held-out loss of the tuned runs (median and range over seeds)", "step",
                "held-out loss", false, false);
        for (int m = 0; m < 2; m++) {
            SeedBand b = data.band(best[m], runsOf.get(best[m]), "test_loss");
            Tables.line(curves, best[m] + " median", b.steps(), b.median(), false);
            Tables.line(curves, best[m] + " min", b.steps(), b.min(), true);
            Tables.line(curves, best[m] + " max", b.steps(), b.max(), true);
        }
        out.figure("muon-hybrid-tuned", curves, "Held-out loss along training for each method at its best "
                + "learning rate.");
        out.note("Data: muon-hybrid.csv in this folder (end loss of every run; inf = diverged).");
        return out;
    }

    /** True for the hybrid: Muon on the hidden matrices, routed ({@code route: {hidden: muon, default: adamw}}). */
    static boolean isHybrid(SpecNode optimizer) {
        return optimizer.has("route");
    }

    /** The swept learning rate of a method: Muon's for the hybrid (its AdamW part keeps a fixed rate), else AdamW's. */
    static double lr(SpecNode optimizer) {
        SpecNode swept = isHybrid(optimizer) ? optimizer.get("route").get("hidden") : optimizer;
        return swept.get("lr").asDouble();
    }
}
