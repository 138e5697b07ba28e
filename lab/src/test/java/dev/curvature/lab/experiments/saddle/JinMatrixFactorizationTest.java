package dev.curvature.lab.experiments.saddle;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jin-matrix-factorization end to end on tiny instances: it passes, and fails where PGD cannot escape. */
class JinMatrixFactorizationTest {

    private static String spec(String pgdExtra) {
        return """
                name: jin-mf-small
                seed: 2
                repeats: 5
                problem: {name: symmetric_factorization, n: 4, r: 2, y_spectrum: [1.0, 0.5], init_radius: 0.0, seed: 1}
                optimizers:
                  pgd: {name: pgd, ell: 12.0, rho: 16.970562748477143, eps: 1.0e-3, c: 1.0, delta: 0.1%s}
                zip:
                  problem.n: [4, 8, 16, 8]
                  optimizers.pgd.c: [1.0, 1.0, 1.0, 0.1]
                  stop.max_steps: [20000, 20000, 20000, 5000]
                stop: {max_steps: 20000}
                run: {record_every: 1}
                monitors:
                  - {name: param_norm, every: 1}
                  - {name: sosp_certificate, eps: 1.0e-3, rho: 16.970562748477143, method: dense, every: 1000000000}
                analysis: jin-matrix-factorization
                """.formatted(pgdExtra);
    }

    @Test
    void pgdFromTheSaddleReachesAnEpsSospAndTheAnalysisPasses(@TempDir Path dir) throws Exception {
        Lab.Result r = Experiments.run(ExperimentSpec.parse(spec(""), "test"), dir);
        assertTrue(r.analysis().passed(), r.analysis().checks().toString());
        assertEquals(6, r.analysis().checks().size(), r.analysis().checks().toString());
        assertTrue(Files.isRegularFile(dir.resolve("jin-mf.csv")));
    }

    /**
     * With t_thres = 1 the termination test fires one step after the first perturbation, before f can
     * drop by f_thres: PGD returns the saddle itself, which is no ε-SOSP, and the analysis fails.
     */
    @Test
    void failsWhenPgdReturnsTheSaddle(@TempDir Path dir) throws Exception {
        Lab.Result r = Experiments.run(ExperimentSpec.parse(spec(", t_thres: 1"), "test"), dir);
        assertFalse(r.analysis().passed());
        AnalysisResult.Check sosp = r.analysis().checks().stream()
                .filter(c -> c.claim().startsWith("every run of the dimension sweep ends")).findFirst().orElseThrow();
        assertFalse(sosp.passed(), sosp.toString());
        assertEquals(15, sosp.margin().value(), sosp.toString());
    }

    @Test
    void builtinSpecPlans() {
        ExperimentSpec full = BuiltinExperiments.get("jin-matrix-factorization");
        assertEquals(9 * 10, Runner.plan(full).size());
        assertEquals(7 * 5, Runner.plan(full.quick()).size());
        assertTrue(BuiltinExperiments.analysis(full.root().get("analysis").asString()).isPresent());
        assertFalse(full.quick().description().equals(full.description()));
    }
}
