package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.Lab;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.testing.Experiments;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails is stored as failed with no final loss: the loss it computed before failing is
 * not where it ended, and showing it (the initial loss of a run failing at its first step) misleads.
 */
class FailedRunTest {

    @Test
    void aFailedRunHasNoFinalLossAndTheOthersKeepTheirs(@TempDir Path tmp) throws Exception {
        // GD with step 100 on the octopus leaves its domain at the first step; with outside: error the
        // problem throws there. A step leaving the domain is an outcome of that run, not a spec error,
        // so planning lets it through and the run is stored as failed.
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: failed-runs
                problem: {name: octopus, d: 2, outside: error}
                optimizers:
                  far: {name: gd, lr: 100.0}
                  near: {name: gd, lr: 1.0e-3}
                stop: {max_steps: 5}
                """, "failed-runs.yaml");
        Lab.Result r = Experiments.execute(spec, tmp.resolve("out"));
        assertEquals(1, r.outcome().failed(), r.outcome().failures().toString());
        try (ResultStore store = ResultStore.open(tmp.resolve("out"))) {
            List<RunRecord> runs = store.runs("failed-runs");
            RunRecord far = runs.stream().filter(x -> x.optimizer().equals("far")).findFirst().orElseThrow();
            RunRecord near = runs.stream().filter(x -> x.optimizer().equals("near")).findFirst().orElseThrow();
            assertEquals(RunStatus.FAILED, far.status());
            assertTrue(far.error().startsWith("octopus: x is outside the domain"), far.error());
            assertTrue(Double.isNaN(far.finalLoss()), "a failed run's final loss is NULL, got " + far.finalLoss());
            assertTrue(Double.isNaN(far.finalGradNorm()), "and so is its final gradient norm");
            assertEquals(RunStatus.DONE, near.status());
            assertTrue(Double.isFinite(near.finalLoss()), "a finished run keeps its final loss");
        }
    }
}
