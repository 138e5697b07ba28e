package dev.curvature.lab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.Lab;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.testing.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example experiment {@link HeavyBallExample} end to end: its spec (read beside the class, as a
 * built-in one is) runs through the lab's runner into a temporary folder, and its analysis checks
 * the stored runs.
 */
class HeavyBallExampleTest {

    /** The spec's runs, then the analysis on the results folder they were stored in. */
    private static AnalysisResult runAndAnalyze(String specText, Path dir) throws Exception {
        HeavyBallExample experiment = new HeavyBallExample();
        ExperimentSpec spec = ExperimentSpec.parse(specText, experiment.experiment() + ".yaml");
        Lab.Result r = Experiments.run(spec, dir);
        assertEquals(10, r.outcome().total(), "2 optimizers × 5 seeds");
        assertEquals(10, r.outcome().done());
        // The spec names no analysis (this example is not a listed built-in): the lab analysed nothing.
        assertNull(r.analysis());
        assertTrue(Files.isRegularFile(r.report()));
        try (ResultStore store = ResultStore.open(dir)) {
            return experiment.analyze(new ExperimentData(store, spec.name()));
        }
    }

    @Test
    void theSpecRunsAndItsClaimHolds(@TempDir Path dir) throws Exception {
        AnalysisResult a = runAndAnalyze(new HeavyBallExample().specText(), dir);
        assertEquals(1, a.checks().size());
        assertTrue(a.passed(), a.checks().toString());
        assertEquals(AnalysisResult.Evidence.Kind.SEEDS, a.checks().get(0).evidence().kind());
        assertEquals(5, a.checks().get(0).evidence().seeds());
        assertTrue(a.findings().get(0).value() < 0.5, a.findings().toString());
    }

    /** Without momentum, "heavy ball" is GD: equal losses, so the claim that it ends lower fails. */
    @Test
    void theCheckFailsWithoutMomentum(@TempDir Path dir) throws Exception {
        String spec = new HeavyBallExample().specText().replace("momentum: 0.9", "momentum: 0.0");
        AnalysisResult a = runAndAnalyze(spec, dir);
        assertFalse(a.passed(), a.checks().toString());
    }
}
