package dev.curvature.lab.experiments.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertEquals(1e-3, MuonHybridAnalysis.lr("adamw-1e-3"), 0);
        assertEquals(0.05, MuonHybridAnalysis.lr("hybrid-0.05"), 0);
        assertTrue(Double.isNaN(MuonHybridAnalysis.lr("hybrid")));
    }
}
