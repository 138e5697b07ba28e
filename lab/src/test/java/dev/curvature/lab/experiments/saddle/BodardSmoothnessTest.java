package dev.curvature.lab.experiments.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.optim.saddle.Kernel;
import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.lab.testing.Experiments;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bodard-smoothness reproduction end to end on a tiny spec, passing and failing. */
class BodardSmoothnessTest {

    private static String spec(String quarticKernel) {
        return """
                name: bodard-smoothness-small
                seed: 3
                repeats: 5
                problem: {name: symmetric_factorization, n: 2, r: 1, y: [1.0, 0.5, 0.5, 1.0], init_radius: 3.0}
                optimizers:
                  gd: {name: gd, lr: 0.01}
                  p_gd_cosh: {name: p_gd, kernel: cosh, lambda: 1.0, lr: 0.1}
                zip:
                  problem:
                    - {name: symmetric_factorization, n: 2, r: 1, y: [1.0, 0.5, 0.5, 1.0], init_radius: 3.0}
                    - {name: phase_retrieval, n: 4, m: 32, normalize: true, init_scale: 3.0, seed: 1}
                    - {name: quartic_2d, x0: 5.0, y0: -5.0, noise: 0.3}
                  optimizers.gd.lr: [0.01, 0.01, 0.1]
                  optimizers.p_gd_cosh.kernel: [cosh, cosh, KERNEL]
                stop: {max_steps: 6000, loss_gap_below: 1.0e-10, diverge_above: 1.0e12}
                run: {record_every: 5}
                monitors:
                  - {name: hessian_extremes, every: 5}
                  - {name: preconditioned_smoothness, kernel: cosh, lambda: 1.0, every: 5}
                analysis: bodard-smoothness
                """.replace("KERNEL", quarticKernel);
    }

    @Test
    void tinyInstancePasses(@TempDir Path dir) throws Exception {
        Lab.Result r = Experiments.run(ExperimentSpec.parse(spec("cosh"), "test"), dir);
        AnalysisResult a = r.analysis();
        assertTrue(a.passed(), a.checks().toString());
        assertEquals(8, a.checks().size(), a.checks().toString());
        assertTrue(Files.isRegularFile(dir.resolve("smoothness-runs.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("quartic-line.csv")));
        assertEquals(7, a.figures().size());
    }

    /**
     * With the quadratic kernel, "P-GD" on Ex. 2.7 is GD at step 0.1, which diverges next to the
     * line (its Hessian norm there is about 100): the convergence check fails, the others hold.
     */
    @Test
    void failsWhenThePreconditionerIsRemoved(@TempDir Path dir) throws Exception {
        Lab.Result r = Experiments.execute(ExperimentSpec.parse(spec("quadratic"), "test"), dir);
        AnalysisResult a = r.analysis();
        assertFalse(a.passed());
        for (AnalysisResult.Check c : a.checks()) {
            boolean convergence = c.claim().contains("converges");
            assertEquals(!convergence, c.passed(), c.toString());
        }
    }

    /** The derived L·L̄ of the factorization of Fig. 2 (Y eigenvalues 1.5, 0.5; cosh, λ = 1) by hand. */
    @Test
    void supremumOfTheFactorizationBound() {
        BodardSmoothnessAnalysis.Growth g = new BodardSmoothnessAnalysis.Growth(r -> 2 * (3 * r * r - 0.5),
                r -> 2 * r * Math.max(0, r * r - 1.5), "");
        double sup = BodardSmoothnessAnalysis.supremum(g, Kernel.COSH, 1.0);
        double best = 0;
        for (double r = 0; r < 20; r += 1e-5) {
            double q = 2 * r * Math.max(0, r * r - 1.5);
            double m = q == 0 ? 1 : Math.log(q + Math.sqrt(1 + q * q)) / q;
            best = Math.max(best, 2 * (3 * r * r - 0.5) * m);
        }
        assertTrue(sup >= best, sup + " < " + best);
        assertEquals(best, sup, 2e-3 * best);
        // Quadratic kernel: ∇²φ* = I, the bound is sup p = ∞ in principle; on [0, 10⁸] it is p(10⁸).
        assertTrue(BodardSmoothnessAnalysis.supremum(g, Kernel.QUADRATIC, 1.0) > 1e16);
    }

    @Test
    void builtinSpecPlans() {
        ExperimentSpec full = BuiltinExperiments.get("bodard-smoothness");
        assertEquals(3 * 2 * 10, Runner.plan(full).size());
        assertEquals(3 * 2 * 5, Runner.plan(full.quick()).size());
        assertTrue(BuiltinExperiments.analysis(full.root().get("analysis").asString()).isPresent());
        SpecNode quick = full.quick().root();
        assertTrue(quick.get("description").asString().contains("5 starting points"));
    }
}
