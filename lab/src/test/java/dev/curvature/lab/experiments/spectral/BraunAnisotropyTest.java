package dev.curvature.lab.experiments.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.lab.testing.Experiments;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** braun-anisotropy end to end on tiny instances: it passes, and fails where SpecGD's mitigation is absent. */
class BraunAnisotropyTest {

    /** d = m = 8: power law α ∈ {0, 2} (λ₁/λ_s = 25 at α = 2), spiked κ = 100 with n = 16d and the population loss. */
    private static String spec(String specOptimizer) {
        return """
                name: braun-anisotropy-small
                seed: 5
                repeats: 1
                grid:
                  problem.seed: [0, 1, 2, 3, 4]
                problem: {name: spiked_phase_retrieval, d: 8, m: 8, kappa: 100.0, covariance: power_law, alpha: 1.0, init_scale: 1.0e-3}
                optimizers:
                  gd: {name: gd, lr: 2.0}
                  spec_gd: %s
                zip:
                  problem.covariance: [power_law, power_law, spiked, spiked]
                  problem.alpha: [0.0, 2.0, 1.0, 1.0]
                  problem.samples: [0, 0, 128, 0]
                  optimizers.gd.lr: [2.0, 1.822670410474166, 0.0198019802, 0.0198019802]
                stop: {max_steps: 3000}
                run: {record_every: 10}
                monitors:
                  - {name: spiked_phase_metrics, every: 4}
                analysis: braun-anisotropy
                """.formatted(specOptimizer);
    }

    @Test
    void passesAndWritesItsTables(@TempDir Path dir) throws Exception {
        Lab.Result r = Experiments.run(ExperimentSpec.parse(spec("{name: spec_gd, lr: 0.01, method: svd}"), "test"), dir);
        assertTrue(r.analysis().passed(), r.analysis().checks().toString());
        assertEquals(1 + 6 + 5, r.analysis().checks().size(), r.analysis().checks().toString());
        List<String> rows = Files.readAllLines(dir.resolve("braun-anisotropy-runs.csv"));
        assertEquals(1 + 4 * 2 * 5, rows.size());
        assertEquals(1 + 4 * 2, Files.readAllLines(dir.resolve("braun-anisotropy-summary.csv")).size());
    }

    /** With plain GD in SpecGD's place the spike is amplified by both methods: the mitigation checks fail. */
    @Test
    void failsWithoutTheSpectralStep(@TempDir Path dir) throws Exception {
        Lab.Result r = Experiments.execute(ExperimentSpec.parse(spec("{name: gd, lr: 1.822670410474166}"), "test"), dir);
        assertFalse(r.analysis().passed());
        AnalysisResult.Check amp = r.analysis().checks().stream()
                .filter(c -> c.claim().startsWith("power law: SpecGD does not amplify")).findFirst().orElseThrow();
        assertFalse(amp.passed(), amp.toString());
    }

    @Test
    void builtinSpecPlans() {
        ExperimentSpec full = BuiltinExperiments.get("braun-anisotropy");
        assertEquals(9 * 2 * 10, Runner.plan(full).size());
        assertEquals(7 * 2 * 5, Runner.plan(full.quick()).size());
        assertTrue(BuiltinExperiments.analysis(full.root().get("analysis").asString()).isPresent());
        assertFalse(full.quick().description().equals(full.description()));
    }
}
