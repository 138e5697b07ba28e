package dev.curvature.lab.examples;

import dev.curvature.lab.experiments.Reproduction;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.report.PairedSeeds;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An experiment as one unit: this class is both its {@link Reproduction} (the spec
 * {@code example-heavy-ball.yaml} beside it in the resources) and its {@link Analysis} (the claim
 * checked on the stored runs). The spec runs gradient descent and heavy-ball momentum at the same
 * step 1/L on an ill-conditioned quadratic from five random starts; heavy ball contracts every
 * eigendirection at rate √β ≈ 0.95 per step, GD the slowest one at 1 − μ/L = 0.99, so after 60
 * steps heavy ball should end lower on every seed.
 *
 * <p>Runs with the same repeat index start from the same point whatever the optimizer, so the check
 * compares the two methods seed by seed ({@link PairedSeeds}) and rests on five seeds, the fewest a
 * statistical check may rest on ({@link Evidence#MIN_SEEDS}).
 */
public final class HeavyBallExample implements Reproduction, Analysis {

    @Override
    public String experiment() {
        return "example-heavy-ball";
    }

    @Override
    public Optional<Analysis> analysis() {
        return Optional.of(this);
    }

    @Override
    public String name() {
        return "example-heavy-ball";
    }

    @Override
    public AnalysisResult analyze(ExperimentData data) {
        AnalysisResult out = new AnalysisResult();
        // seed -> final loss, per method. A run that did not finish counts as NaN: PairedSeeds drops its
        // pair, and a check left with fewer than five seeds fails.
        TreeMap<Long, Double> gd = new TreeMap<>();
        TreeMap<Long, Double> heavyBall = new TreeMap<>();
        for (RunRecord r : data.runs()) {
            double loss = r.status() == RunStatus.DONE ? r.finalLoss() : Double.NaN;
            (r.optimizer().equals("gd") ? gd : heavyBall).put(r.seed(), loss);
        }
        if (!gd.keySet().equals(heavyBall.keySet())) {
            throw new IllegalStateException("the two methods ran on different seeds: " + gd.keySet() + " vs "
                    + heavyBall.keySet());
        }
        double[] a = heavyBall.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = gd.values().stream().mapToDouble(Double::doubleValue).toArray();
        PairedSeeds paired = new PairedSeeds(a, b);
        double medianRatio = Math.exp(PairedSeeds.medianOf(paired.logRatios()));
        out.finding("median final-loss ratio heavy ball / GD", medianRatio, "over " + paired.n() + " seeds");
        out.check("heavy ball ends below GD on every seed (seeds where it does not: 0 allowed)",
                Margin.failures(paired.n() - paired.aBelow()), Evidence.seeds(paired.n(), "paired by seed"),
                String.format("heavy ball lower on %d of %d seeds; final losses %s vs %s", paired.aBelow(),
                        paired.n(), Arrays.toString(a), Arrays.toString(b)));
        return out;
    }
}
