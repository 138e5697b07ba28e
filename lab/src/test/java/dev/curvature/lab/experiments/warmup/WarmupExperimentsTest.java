package dev.curvature.lab.experiments.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up reproductions: specs plan, the extremal experiment runs end to end, helpers are exact. */
class WarmupExperimentsTest {
    @TempDir
    Path dir;

    @Test
    void quickVariantsPlanOnShippedData() {
        for (String name : List.of("warmup-extremal", "warmup-smoothness", "warmup-schedules")) {
            ExperimentSpec quick = BuiltinExperiments.get(name).quick();
            assertTrue(Runner.plan(quick).size() > 0, name);
        }
        assertEquals(30, Runner.plan(BuiltinExperiments.get("warmup-extremal").quick()).size());
        assertEquals(60, Runner.plan(BuiltinExperiments.get("warmup-schedules").quick()).size(), "2 models × 3 schedules × 10 seeds");
        // Five seeds in both variants of warmup-smoothness, two models each.
        assertEquals(10, Runner.plan(BuiltinExperiments.get("warmup-smoothness").quick()).size());
        assertEquals(5, BuiltinExperiments.get("warmup-smoothness").repeats());
    }

    @Test
    void analysisParametersAreCheckedAgainstThoseTheAnalysisDeclares() {
        String spec = """
                name: p
                problem: {name: rosenbrock, n: 2}
                optimizers: {gd: {name: gd, lr: 0.001}}
                stop: {max_steps: 2}
                analysis: {name: warmup-smoothness, first_phase: 0.2, %s}
                """;
        Lab.check(ExperimentSpec.parse(spec.formatted("bins: 12"), "p.yaml"));
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> Lab.check(ExperimentSpec.parse(spec.formatted("bin: 12"), "p.yaml")));
        assertTrue(e.getMessage().contains("unknown field 'bin' (did you mean 'bins'?)"), e.getMessage());
    }

    /**
     * A synthetic warmup-smoothness store: per seed, a loss falling from 3 to 1 over {@code steps}
     * steps, and both proxies L̂ = 5 + slope·f + noise (noise uniform in ±noise), logged at odd steps
     * as the monitor does with interval 2 (L̂_k in the row of step k + 1). The first phase (first 5 %)
     * has a small L̂ at the highest loss, as the paper describes.
     */
    private ExperimentData synthetic(Path folder, int seeds, double slope, double noise) throws Exception {
        ResultStore store = ResultStore.open(folder);
        store.beginExperiment("s", "hash", "name: s");
        int steps = 400;
        for (int seed = 0; seed < seeds; seed++) {
            String id = "s/" + seed;
            store.registerRun(RunRecord.pending(id, "s", seed, "sgd", seed, seed,
                    "{\"problem\":\"{name: cnn, dataset: digits}\"}", "{}", "hash"));
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 0;
            long[] st = new long[3 * (steps + 1)];
            String[] names = new String[st.length];
            double[] values = new double[st.length];
            for (int t = 0; t <= steps; t++) {
                double f = 3 - 2.0 * t / steps;
                st[n] = t;
                names[n] = "loss";
                values[n++] = f + 0.05 * (rng.nextDouble() - 0.5);
                if (t % 2 == 0 && t >= 2) {
                    double prev = 3 - 2.0 * (t - 1) / steps;
                    double lh = t < 0.05 * steps ? 0.2 : 5 + slope * prev;
                    for (String col : new String[] {"smoothness_batch", "smoothness_stochastic"}) {
                        st[n] = t;
                        names[n] = col;
                        values[n++] = Math.max(0.01, lh + noise * (2 * rng.nextDouble() - 1));
                    }
                }
            }
            store.commit(List.of(new ResultStore.RunBatch(id, -1, new ResultStore.MetricRows(st, names, values, n),
                    List.of(), new ResultStore.RunState(RunStatus.DONE, "max_steps", steps, 1, 0, 1, null, "test", "test"))));
        }
        return new ExperimentData(store, "s", Map.of("first_phase", 0.1));
    }

    @Test
    void smoothnessAnalysisPassesWhereTheProxyIsLinearInTheLossAndFailsWhereNot() throws Exception {
        AnalysisResult linear = new SmoothnessAnalysis().analyze(synthetic(dir.resolve("a"), 5, 1.5, 0.5));
        assertEquals(4, linear.checks().size());
        assertTrue(linear.passed(), linear.checks().toString());
        for (AnalysisResult.Check c : linear.checks()) {
            assertEquals(AnalysisResult.Evidence.Kind.SEEDS, c.evidence().kind());
            assertEquals(5, c.evidence().seeds());
        }
        // L̂ falling with the loss: linear (R² holds), but no slope check holds.
        AnalysisResult falling = new SmoothnessAnalysis().analyze(synthetic(dir.resolve("b"), 5, -1.5, 0.5));
        assertFalse(falling.passed());
        assertTrue(falling.checks().stream().filter(c -> c.claim().contains("H1 > 0"))
                .noneMatch(AnalysisResult.Check::passed), falling.checks().toString());
        // Unrelated to the loss (slope 0, noise only): the line explains little.
        AnalysisResult flat = new SmoothnessAnalysis().analyze(synthetic(dir.resolve("c"), 5, 0.0, 0.5));
        assertFalse(flat.passed(), flat.checks().toString());
        // The same linear data on 4 seeds cannot decide the claim.
        AnalysisResult few = new SmoothnessAnalysis().analyze(synthetic(dir.resolve("d"), 4, 1.5, 0.5));
        assertTrue(few.checks().stream().noneMatch(AnalysisResult.Check::passed), few.checks().toString());
    }

    @Test
    void muonHybridNeedsMuon() throws Exception {
        ExperimentSpec s = BuiltinExperiments.get("muon-hybrid").quick();
        if (Catalog.hasOptimizer("muon")) {
            assertTrue(Lab.missingRequirements(s).isEmpty());
            assertEquals(7 * 5, Runner.plan(s).size(), "7 learning rates × 5 seeds");
        } else {
            assertEquals(List.of("optimizer 'muon'"), Lab.missingRequirements(s));
            SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                    () -> Lab.execute(s, dir, new Runner.Options(1, false, null)));
            assertTrue(e.getMessage().contains("needs optimizer 'muon', which this build does not register"),
                    e.getMessage());
        }
    }

    @Test
    void extremalQuickReproducesEndToEnd() throws Exception {
        Lab.Result r = Lab.execute(BuiltinExperiments.get("warmup-extremal").quick(), dir,
                new Runner.Options(2, false, null));
        assertTrue(r.ok(), () -> r.analysis().checks().toString());
        List<String> csv = Files.readAllLines(dir.resolve("extremal.csv"));
        assertEquals("f0,w0,stable_step_bound,adaptive_iterations,best_fixed_step,best_fixed_iterations", csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(Files.exists(dir.resolve("report.html")));
    }

    @Test
    void leastSquaresLineAndModelNames() {
        double[] fit = Tables.fit(new double[] {1, 2, 3, 4}, new double[] {3, 5, 7, 9});
        assertEquals(1, fit[0], 1e-12);
        assertEquals(2, fit[1], 1e-12);
        assertEquals(1, fit[2], 1e-12);
        assertEquals("cnn / digits", SmoothnessAnalysis.modelOf(Map.of("problem", "{name: cnn, dataset: digits, c1: 8}")));
        assertEquals("char_transformer / moby-dick", SmoothnessAnalysis.modelOf(
                Map.of("problem", "{name: char_transformer, text: moby-dick}")));
        // The swept rate is read from the optimizer's configuration, not from its label.
        SpecNode adamw = SpecNode.parse("{name: adamw, lr: 1.0e-3, weight_decay: 0.01}", "adamw-x");
        SpecNode hybrid = SpecNode.parse("{route: {hidden: {name: muon, lr: 0.05}, default: {name: adamw, lr: 3.0e-3}}}",
                "hybrid-x");
        assertFalse(MuonHybridAnalysis.isHybrid(adamw));
        assertTrue(MuonHybridAnalysis.isHybrid(hybrid));
        assertEquals(1e-3, MuonHybridAnalysis.lr(adamw), 0);
        assertEquals(0.05, MuonHybridAnalysis.lr(hybrid), 0);
    }
}
