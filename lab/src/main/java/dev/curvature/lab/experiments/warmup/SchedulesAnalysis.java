package dev.curvature.lab.experiments.warmup;

import dev.curvature.lab.experiments.Reproduction;
import java.util.Optional;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.Charts;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.PairedSeeds;
import dev.curvature.lab.report.SeedBand;
import dev.curvature.lab.report.Summaries;
import dev.curvature.lab.store.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Experiment (c) of the warm-up reproduction (Alimisis, Islamov &amp; Lucchi, arXiv 2510.03164,
 * §5): no warm-up, linear warm-up and the loss-based (H0,H1) schedule ({@code loss_warmup}), per
 * model, on the same seeds (same initial weights and batches for each schedule).
 *
 * <p>The outcome of a run is its mean training loss over the last half of the run
 * ({@link Tables#lastHalfLoss}); a diverged run counts as +∞. The paper's claim (ICML 2026
 * abstract) is one-sided: the schedule "can match tuned linear warm-up and improve over no
 * warm-up". Per model, over the paired seeds, with r_i = loss_A,i / loss_B,i:
 * <ol>
 *   <li>each warm-up beats none: the upper end of the 90 % paired-bootstrap interval of
 *       median_i ln r_i (warm-up / none) is below 0 (a one-sided 95 % statement);</li>
 *   <li>the loss-based schedule is not worse than linear warm-up by more than
 *       {@link #NON_INFERIORITY} (25 %): median_i r_i ≤ 1.25. The paper gives no margin; 25 %
 *       is a choice, well below the gain of either warm-up over none in these runs.</li>
 * </ol>
 * The bootstrap resamples seeds with a fixed stream, so the interval depends only on the losses.
 * Writes {@code schedules.csv}.
 */
public final class SchedulesAnalysis implements Analysis, Reproduction {
    /** The spec {@code warmup-schedules.yaml} beside this class. */
    @Override
    public String experiment() {
        return "warmup-schedules";
    }

    @Override
    public String name() {
        return "warmup-schedules";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }
    /** The non-inferiority margin of "on par": loss-based may be at most 25 % worse (median paired ratio). */
    static final double NON_INFERIORITY = 0.25;
    private static final int RESAMPLES = 2000;
    private static final long BOOTSTRAP_SEED = 20251003L;

    @Override
    public AnalysisResult analyze(ExperimentData data) throws Exception {
        AnalysisResult out = new AnalysisResult();
        List<String> rows = new ArrayList<>();
        for (var g : data.byGridPoint().entrySet()) {
            String model = SmoothnessAnalysis.modelOf(g.getKey());
            Map<String, double[]> seeds = new LinkedHashMap<>();
            XYChart curves = Charts.xy("Training loss by warm-up schedule: " + model, "step",
                    "training loss (median over seeds)", false, false);
            for (var o : g.getValue().entrySet()) {
                double[] v = new double[o.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    RunRecord r = o.getValue().get(i);
                    v[i] = r.status() == RunStatus.DIVERGED ? Double.POSITIVE_INFINITY : Tables.lastHalfLoss(data, r);
                    rows.add(model + "," + o.getKey() + "," + r.repeat() + "," + Tables.num(v[i]));
                }
                seeds.put(o.getKey(), v);
                SeedBand b = data.band(o.getKey(), o.getValue(), "loss");
                Tables.line(curves, o.getKey(), b.steps(), b.median(), false);
                out.finding(model + ": " + o.getKey(), PairedSeeds.medianOf(v),
                        "median over " + v.length + " seeds of the mean training loss over the last half of the run");
            }
            if (!curves.getSeriesMap().isEmpty()) {
                out.figure("schedules-" + model, curves, "Median over seeds of the training loss for no warm-up, "
                        + "linear warm-up and the loss-based schedule (runs that diverged are left out after they stop).");
            }
            double[] none = seeds.get("none");
            double[] linear = seeds.get("linear");
            double[] loss = seeds.get("loss-based");
            if (none == null || linear == null || loss == null) {
                out.check(model + ": runs none, linear and loss-based present", Margin.failures(1),
                        Evidence.deterministic("the spec's optimizers"), seeds.keySet().toString());
                continue;
            }
            beats(out, model + ": linear warm-up beats no warm-up", new PairedSeeds(linear, none));
            beats(out, model + ": loss-based warm-up beats no warm-up", new PairedSeeds(loss, none));
            PairedSeeds lbLin = new PairedSeeds(loss, linear);
            double ratio = Math.exp(PairedSeeds.medianOf(lbLin.logRatios()));
            out.check(model + ": loss-based warm-up is not worse than linear warm-up by more than 25 % "
                            + "(median paired ratio ≤ 1.25)", Margin.atMost(ratio, 1 + NON_INFERIORITY),
                    Evidence.seeds(lbLin.n(), "median of the paired ratios loss-based / linear"),
                    String.format("median ratio %.3f; %s; loss-based lower on %d of %d seeds", ratio,
                            interval(lbLin), lbLin.aBelow(), lbLin.n()));
        }
        Tables.csv(data, "schedules.csv", "model,schedule,repeat,last_half_loss", rows);
        out.note("Outcome of a run: its mean training loss over the last half of the run (at a step large enough "
                + "for warm-up to matter, the loss at one step is dominated by SGD's oscillation). Comparisons are "
                + "paired by seed: every schedule starts from the same weights and sees the same batches. "
                + "Data: schedules.csv in this folder (inf = diverged).");
        return out;
    }

    /** The one-sided check "a beats b": the 90 % bootstrap interval of the median log-ratio lies below 0. */
    private static void beats(AnalysisResult out, String claim, PairedSeeds p) {
        double[] ci = PairedSeeds.bootstrapMedian(p.logRatios(), 0.90, RESAMPLES, BOOTSTRAP_SEED);
        out.check(claim + " (upper end of the 90 % paired-bootstrap interval of the median log-ratio < 0)",
                Margin.below(ci[1], 0), Evidence.seeds(p.n(), "paired bootstrap of the median log-ratio"),
                String.format("median ratio %.3f, 90 %% interval [%.3f, %.3f]; lower on %d of %d seeds",
                        Math.exp(PairedSeeds.medianOf(p.logRatios())), Math.exp(ci[0]), Math.exp(ci[1]),
                        p.aBelow(), p.n()));
    }

    private static String interval(PairedSeeds p) {
        double[] ci = PairedSeeds.bootstrapMedian(p.logRatios(), 0.90, RESAMPLES, BOOTSTRAP_SEED);
        return "90 % interval [" + Summaries.fmt(Math.exp(ci[0])) + ", " + Summaries.fmt(Math.exp(ci[1])) + "]";
    }
}
