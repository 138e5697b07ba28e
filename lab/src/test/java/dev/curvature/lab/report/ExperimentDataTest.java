package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.testing.Experiments;
import dev.curvature.optim.run.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analyses read a run's grid values and configuration as typed values, and rebuild runs as the runner did. */
class ExperimentDataTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            name: typed
            seed: 5
            repeats: 2
            problem: {name: rosenbrock, n: 4}
            optimizers:
              gd: {name: gd, lr: 1.0e-3}
              adam: {name: adam, lr: 1.0e-2}
            grid:
              problem.n: [4, 6]
              optimizers.gd.lr: [1.0e-3, 2.5e-4]
            stop: {max_steps: 40}
            quick:
              stop: {max_steps: 15}
              grid:
                problem.n: [3]
                optimizers.gd.lr: [5.0e-4]
            """;

    @Test
    void gridValuesAreTyped() {
        GridValues g = new GridValues("e/0", Map.of("problem.n", "6", "optimizers.gd.lr", "2.5e-4",
                "problem.spectrum", "gaussian", "problem", "{name: cnn, dataset: digits, c1: 8}"));
        assertEquals(6, g.number("problem.n"));
        assertEquals(2.5e-4, g.number("optimizers.gd.lr"));
        assertEquals(7, g.number("problem.m", 7));
        assertEquals("gaussian", g.text("problem.spectrum"));
        assertEquals("?", g.text("problem.kind", "?"));
        assertTrue(g.has("problem.n"));
        assertFalse(g.has("problem.m"));
        SpecNode problem = g.node("problem").orElseThrow();
        assertEquals("cnn", problem.get("name").asString());
        assertEquals(8, problem.get("c1").asLong());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> g.number("problem.m"));
        assertTrue(missing.getMessage().contains("run e/0 has no grid value 'problem.m'"), missing.getMessage());
        IllegalStateException text = assertThrows(IllegalStateException.class, () -> g.number("problem.spectrum"));
        assertTrue(text.getMessage().contains("problem.spectrum = 'gaussian' is not a number"), text.getMessage());
    }

    @Test
    void storedRunsReadTheirGridAndConfigurationTyped() throws Exception {
        Experiments.run(ExperimentSpec.parse(SPEC, "typed.yaml"), dir);
        try (ResultStore store = ResultStore.open(dir)) {
            ExperimentData data = new ExperimentData(store, "typed");
            List<RunRecord> runs = data.runs();
            assertEquals(2 * 2 * 2 * 2, runs.size());
            for (RunRecord r : runs) {
                GridValues g = ExperimentData.gridValues(r);
                SpecNode doc = data.doc(r);
                assertEquals(g.number("problem.n"), doc.get("problem").get("n").asDouble());
                double gdLr = g.number("optimizers.gd.lr");
                assertTrue(gdLr == 1.0e-3 || gdLr == 2.5e-4, String.valueOf(gdLr));
                double lr = data.optimizer(r).get("lr").asDouble();
                assertEquals(r.optimizer().equals("gd") ? gdLr : 1.0e-2, lr, r.runId());
            }
        }
    }

    @Test
    void aQuickRunIsRebuiltWithItsQuickOverrides() throws Exception {
        Experiments.run(ExperimentSpec.parse(SPEC, "typed.yaml").quick(), dir);
        try (ResultStore store = ResultStore.open(dir)) {
            ExperimentData data = new ExperimentData(store, "typed");
            assertEquals(2 * 2, data.runs().size());
            for (RunRecord r : data.runs()) {
                assertEquals(3, data.doc(r).get("problem").get("n").asLong());
                assertEquals(15, data.doc(r).get("stop").get("max_steps").asLong());
                // Built again by the runner's own builder: bitwise the stored run.
                RunResult again = data.storedRuns().builder(r).build().runToEnd();
                assertEquals(r.steps(), again.steps(), r.runId());
                assertEquals(Double.doubleToLongBits(r.finalLoss()), Double.doubleToLongBits(again.loss()), r.runId());
                assertEquals(r.stopReason(), again.stopReason(), r.runId());
            }
        }
    }
}
