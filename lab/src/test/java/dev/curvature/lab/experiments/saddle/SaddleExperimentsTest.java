package dev.curvature.lab.experiments.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.run.Monitor;
import dev.curvature.lab.Lab;
import dev.curvature.lab.testing.Experiments;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saddle experiments end to end on small specs: events reach the store, the analyses run. */
class SaddleExperimentsTest {

    @Test
    void pgdEscapeEventsAreStoredAndTheAnalysisPasses(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: jin-small
                seed: 1
                repeats: 5
                problem: {name: strict_saddle, d: 10, lambda_neg: -0.5, lambda_pos_min: 0.5, lambda_pos_max: 1.0}
                optimizers:
                  pgd: {name: pgd, ell: 1.5, rho: 5.0, eps: 1.0e-2}
                grid:
                  problem.d: [10, 100]
                stop: {max_steps: 20000}
                monitors:
                  - {name: sosp_certificate, eps: 1.0e-2, rho: 5.0, every: 1000000}
                analysis: jin-escape
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        assertTrue(r.analysis().passed(), r.analysis().checks().toString());
        assertTrue(Files.isRegularFile(dir.resolve("jin-escape.csv")));
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            List<Map<String, Object>> kinds = store.query("SELECT kind, count(*) AS n FROM events GROUP BY kind "
                    + "ORDER BY kind");
            assertEquals("escape", kinds.get(0).get("kind"));
            assertEquals(20L, ((Number) kinds.get(0).get("n")).longValue(), "two windows per run, ten runs");
            assertEquals("perturbation", kinds.get(1).get("kind"));
            assertEquals("pgd_constants", kinds.get(2).get("kind"));
            var events = store.events("jin-small/0");
            assertTrue(events.stream().anyMatch(e -> e.step() == 0 && e.kind().equals("pgd_constants")));
            assertTrue(events.stream().anyMatch(e -> e.kind().equals("escape")
                    && e.payloadJson().contains("\"escaped\":1.0") && e.payloadJson().contains("\"perturbed_at\":0.0")),
                    events.toString());
        }
    }

    @Test
    void kernelsAnalysisComparesEachVariantWithGradientDescentPerStart(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: kernels-small
                seed: 3
                repeats: 5
                problem: {name: symmetric_factorization, n: 2, r: 1, y: [1.0, 0.5, 0.5, 1.0], init_radius: 100.0}
                optimizers:
                  gd: {name: gd, lr: 1.0e-4}
                  cosh_sep: {name: p_gd, kernel: cosh, separable: true, lr: 0.1}
                  exp_iso: {name: p_gd, kernel: exp, separable: false, lr: 0.1}
                zip:
                  optimizers.gd.lr: &s [1.0e-4, 1.0e-3, 0.1]
                  optimizers.cosh_sep.lr: *s
                  optimizers.exp_iso.lr: *s
                stop: {max_steps: 2000, loss_gap_below: 1.0e-8, diverge_above: 1.0e12}
                run: {record_every: 100000}
                analysis: bodard-kernels
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        var a = r.analysis();
        assertTrue(a.passed(), a.checks().toString());
        assertEquals(2, a.checks().size(), "a step check and an iteration check for the one problem");
        // GD diverges at 1e-3 from every start (η_GD = 1e-4), both variants converge at 0.1: ratio 1000 on 5/5.
        assertEquals(1000, a.checks().get(0).margin().value(), 1e-9, a.checks().get(0).detail());
        assertEquals(100, a.checks().get(0).margin().threshold());
        assertEquals(AnalysisResult.Evidence.Kind.SEEDS, a.checks().get(0).evidence().kind());
        assertEquals(1e-4, finding(a, "symmetric_factorization: GD's largest non-diverging step").value(), 0);
        assertEquals(1000, finding(a, "symmetric_factorization, cosh sep.: η_V/η_GD").value(), 1e-9);
        assertEquals(0, finding(a, "P-GD runs that diverged").value());
        List<String> seeds = Files.readAllLines(dir.resolve("kernels-seeds.csv"));
        assertEquals(1 + 2 * 5, seeds.size(), "one row per variant and start");
        assertTrue(Files.isRegularFile(dir.resolve("kernels-steps.csv")));
    }

    /** Started next to the solutions, GD is stable at P-GD's steps: the step claim is absent and fails. */
    @Test
    void kernelsAnalysisFailsWhenTheStartIsNearTheSolutions(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: kernels-near
                seed: 3
                repeats: 5
                problem: {name: symmetric_factorization, n: 2, r: 1, y: [1.0, 0.5, 0.5, 1.0], init_radius: 1.0}
                optimizers:
                  gd: {name: gd, lr: 1.0e-4}
                  cosh_iso: {name: p_gd, kernel: cosh, separable: false, lr: 0.1}
                zip:
                  optimizers.gd.lr: &s [0.01, 0.1, 0.3162, 1.0]
                  optimizers.cosh_iso.lr: *s
                stop: {max_steps: 2000, loss_gap_below: 1.0e-8, diverge_above: 1.0e12}
                run: {record_every: 100000}
                analysis: bodard-kernels
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        var a = r.analysis();
        assertFalse(a.passed(), a.checks().toString());
        AnalysisResult.Check steps = a.checks().get(0);
        assertFalse(steps.passed(), steps.toString());
        assertTrue(steps.margin().value() < 10, steps.toString());
        assertTrue(finding(a, "symmetric_factorization, cosh iso.: η_V/η_GD").value() < 10,
                a.findings().toString());
    }

    @Test
    void algorithm1AnalysisReadsConstantsEscapesAndCertificates(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: alg1-small
                seed: 5
                repeats: 5
                problem: {name: quartic_well, x0: 0.0}
                optimizers:
                  theory: {name: perturbed_p_gd, kernel: cosh, L: 3.1, lbar: 1.0, rho: 6.1, eps: 0.01, delta: 0.1}
                  c1: {name: perturbed_p_gd, kernel: cosh, L: 3.1, lbar: 1.0, rho: 6.1, eps: 0.01, delta: 0.1, c: 1.0}
                stop: {max_steps: 2000}
                run: {record_every: 1}
                monitors:
                  - {name: sosp_certificate, eps: 0.01, rho: 6.1, kernel: cosh, lambda: 1.0, every: 1}
                analysis: bodard-algorithm1-theory
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        var a = r.analysis();
        assertTrue(a.passed(), a.checks().toString());
        // start, hypotheses, escape (theory), ε-SOSP fraction (theory only), escape (c = 1)
        assertEquals(5, a.checks().size(), a.checks().toString());
        assertTrue(a.checks().get(1).claim().contains("hypotheses"), a.checks().get(1).claim());
        assertEquals(AnalysisResult.Evidence.Kind.DETERMINISTIC, a.checks().get(1).evidence().kind());
        // c = 2⁻³⁹ gives ⌈𝒯⌉ = 740: the literal k_perturb = 0 perturbs first at k = 741.
        assertEquals(741, finding(a, "theory (theory, c = 1.82e-12): first perturbation").value());
        assertEquals(3.032, finding(a, "sup_x λ_max(H_λ(x))").value(), 1e-3);
        assertEquals(6.014, finding(a, "Lipschitz constant of H_λ").value(), 1e-3);
        assertTrue(finding(a, "theory (theory, c = 1.82e-12): Thm 3.6's T").value() > 1e20);
        assertTrue(Files.isRegularFile(dir.resolve("algorithm1-runs.csv")));
    }

    /**
     * With c_max, Algorithm 1 waits ⌈𝒯⌉ = 740 steps at the saddle and is an ε-SOSP from about step 840 on:
     * over a horizon of 1000 iterations the fraction is far below 1/2, and that check fails.
     */
    @Test
    void algorithm1FractionCheckFailsOverTooShortAHorizon(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: alg1-short
                seed: 5
                repeats: 5
                problem: {name: quartic_well, x0: 0.0}
                optimizers:
                  theory: {name: perturbed_p_gd, kernel: cosh, L: 3.1, lbar: 1.0, rho: 6.1, eps: 0.01, delta: 0.1}
                stop: {max_steps: 1000}
                run: {record_every: 1}
                monitors:
                  - {name: sosp_certificate, eps: 0.01, rho: 6.1, kernel: cosh, lambda: 1.0, every: 1}
                analysis: bodard-algorithm1-theory
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        var a = r.analysis();
        assertFalse(a.passed(), a.checks().toString());
        AnalysisResult.Check escape = a.checks().get(2);
        assertTrue(escape.passed(), escape.toString());
        AnalysisResult.Check fraction = a.checks().get(3);
        assertTrue(fraction.claim().contains("at least half"), fraction.claim());
        assertFalse(fraction.passed(), fraction.toString());
        assertTrue(fraction.margin().value() < 0.25, fraction.toString());
    }

    /** The two monitors of Thm 3.6's certificate agree where both apply (isotropic kernel, one parameter). */
    @Test
    void bothPreconditionedCertificatesAgreeOnTheQuarticWell() {
        Problem f = Catalog.problem(SpecNode.parse("{name: quartic_well, x0: 0.0}", "test"));
        Monitor dense = Catalog.monitor(SpecNode.parse(
                "{name: sosp_certificate, eps: 0.01, rho: 6.1, kernel: cosh, lambda: 1.0}", "test"));
        Monitor lanczos = Catalog.monitor(SpecNode.parse(
                "{name: sosp_preconditioned, eps: 0.01, rho: 6.1, kernel: cosh, lambda: 1.0}", "test"));
        for (double x = -2; x <= 2; x += 0.01) {
            Blocks p = Blocks.single(Tensor.zeros(DType.F64, 1).fill(x));
            Map<String, Double> a = dense.measure(f, p, 0);
            Map<String, Double> b = lanczos.measure(f, p, 0);
            assertEquals(a.get("sosp"), b.get("sosp_preconditioned"), "x = " + x);
            assertEquals(a.get("sosp_measure"), b.get("stationarity_preconditioned"), 1e-12, "x = " + x);
            // Example 3.4: H_λ(x) = (3x² − 1)/√(1 + (x³ − x)²).
            double h = (3 * x * x - 1) / Math.sqrt(1 + Math.pow(x * x * x - x, 2));
            assertEquals(h, a.get("lambda_min"), 1e-12, "x = " + x);
            assertEquals(h, b.get("lambda_min_preconditioned"), 1e-9, "x = " + x);
        }
    }

    private static AnalysisResult.Finding finding(AnalysisResult a, String prefix) {
        return a.findings().stream().filter(f -> f.name().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding '" + prefix + "' in " + a.findings()));
    }

    /** The built-in reproductions parse, plan and name registered analyses, full and quick. */
    @Test
    void builtinSaddleSpecsPlan() {
        for (String name : List.of("bodard-fig2-factorization", "bodard-fig3-octopus", "jin-escape-dimension",
                "bodard-kernels", "bodard-algorithm1-theory")) {
            ExperimentSpec full = BuiltinExperiments.get(name);
            assertTrue(Runner.plan(full).size() >= Runner.plan(full.quick()).size(), name);
            assertTrue(BuiltinExperiments.analysis(full.root().get("analysis").asString()).isPresent(), name);
        }
        assertEquals(250, Runner.plan(BuiltinExperiments.get("bodard-fig2-factorization")).size());
        assertEquals(9 * 5 * 3 * 5, Runner.plan(BuiltinExperiments.get("bodard-fig3-octopus")).size());
        ExperimentSpec kernels = BuiltinExperiments.get("bodard-kernels");
        assertEquals(3 * 12 * 9 * 10, Runner.plan(kernels).size(), "problems × steps × methods × starts");
        assertEquals(3 * 5 * 9 * 5, Runner.plan(kernels.quick()).size());
        ExperimentSpec alg1 = BuiltinExperiments.get("bodard-algorithm1-theory");
        assertEquals(3 * 10, Runner.plan(alg1).size());
        assertEquals(3 * 5, Runner.plan(alg1.quick()).size());
    }
}
