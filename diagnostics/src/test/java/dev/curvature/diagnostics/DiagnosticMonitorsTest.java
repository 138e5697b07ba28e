package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.problems.classic.Rosenbrock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitors by name, as specs build them, and inside a run. */
class DiagnosticMonitorsTest {

    @Test
    void registeredOnceThroughTheModulesContributions() {
        assertSame(Registries.standard(), Registries.standard(), "the standard registries are loaded once");
        java.util.List<String> names = Registries.standard().monitors().names();
        assertTrue(names.containsAll(java.util.List.of("hessian_extremes", "sosp_certificate", "sosp", "sosp_preconditioned",
                "preconditioned_smoothness", "secant_smoothness")));
        assertEquals(names.size(), new java.util.HashSet<>(names).size(), "no monitor registered twice");
    }

    @Test
    void hessianExtremesInARunMatchTheDenseHessian() {
        Monitor m = Registries.standard().monitors().get("hessian_extremes").create(Map.of("tol", 1e-10, "seed", 3L));
        Rosenbrock f = new Rosenbrock(20, 100, 0.1, DType.F64);
        RunResult r = Run.on(f, Optimizers.gd(1e-4)).stop(StoppingRule.maxSteps(20)).monitor(m, 5).seed(2).run();
        double[] min = r.trajectory().get("lambda_min");
        double[] max = r.trajectory().get("lambda_max");
        double[] conv = r.trajectory().get("lanczos_converged");
        double[] hvps = r.trajectory().get("lanczos_hvps");
        int last = min.length - 1;
        Eigh e = Linalg.eigh(TestMatrices.hessian(f, r.x()));
        assertEquals(e.values().get(0), min[last], 1e-6);
        assertEquals(e.values().get(19), max[last], 1e-6);
        assertEquals(1, conv[last]);
        assertTrue(hvps[last] >= 1 && hvps[last] <= 300);
        assertEquals(Math.max(Math.abs(min[last]), max[last]), r.trajectory().get("hessian_norm")[last], 0);
        assertTrue(Double.isNaN(min[1]), "measured every 5 steps only");
        assertTrue(!Double.isNaN(min[5]));
    }

    @Test
    void measurementsDependOnlyOnPointSeedAndStep() {
        Rosenbrock f = new Rosenbrock(30, DType.F64);
        Blocks x = Blocks.single(RandomStream.of(1).fillUniform(Tensor.zeros(DType.F64, 30), -1, 1));
        Monitor a = Registries.standard().monitors().get("hessian_extremes").create(Map.of("tol", 1e-4));
        Monitor b = Registries.standard().monitors().get("hessian_extremes").create(Map.of("tol", 1e-4));
        a.measure(f, Blocks.single(Tensor.vector(new double[30]).addScalar(0.5)), 7);
        assertEquals(a.measure(f, x, 12), b.measure(f, x, 12), "a measurement does not depend on earlier ones");
    }

    @Test
    void sospMonitorsAtAStrictSaddle() {
        QuarticWells f = new QuarticWells(4);
        Blocks saddle = QuarticWells.point(1, 0, -1, 1);
        Map<String, Double> plain = Registries.standard().monitors().get("sosp").create(Map.of("eps", 1e-2, "rho", 2.0))
                .measure(f, saddle, 0);
        assertEquals(0, plain.get("grad_norm"), 0);
        assertEquals(-1, plain.get("lambda_min"), 1e-8);
        assertEquals(0, plain.get("sosp"));
        Map<String, Double> min = Registries.standard().monitors().get("sosp").create(Map.of()).measure(f,
                QuarticWells.point(1, -1, -1, 1), 0);
        assertEquals(1, min.get("sosp"));
        Map<String, Double> pre = Registries.standard().monitors().get("sosp_preconditioned")
                .create(Map.of("kernel", "exp", "lambda", 0.5)).measure(f, QuarticWells.point(0.5, 0, -1, 1), 0);
        // At x = (0.5, 0, −1, 1): ∇f = (−0.375, 0, 0, 0), ∇²f = diag(−0.25, −1, 2, 2); the gradient
        // direction gets h*″(s) = 1/(1+s), the others h*′(s)/s = ln(1+s)/s, s = 0.5·0.375.
        double s = 0.5 * 0.375;
        double expectedMin = Math.min(-0.25 / (1 + s), -Math.log1p(s) / s);
        assertEquals(expectedMin, pre.get("lambda_min_preconditioned"), 1e-8);
        assertEquals(Kernel.EXP.stationarity(s) / 0.5, pre.get("stationarity_preconditioned"), 1e-15);
        assertEquals(0, pre.get("sosp_preconditioned"));
    }

    @Test
    void parameterErrorsNameTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Registries.standard().monitors().get("hessian_extremes").create(Map.of("basis", 2L)));
        assertEquals("hessian_extremes: basis = 2 is outside [3, ∞)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Registries.standard().monitors().get("sosp_preconditioned").create(Map.of("kernel", "tanh")));
        assertTrue(e.getMessage().startsWith("sosp_preconditioned: kernel = tanh"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Registries.standard().monitors().get("sosp").create(Map.of("eps", -1.0)));
        assertTrue(e.getMessage().startsWith("sosp: eps = -1.0 is outside"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Registries.standard().monitors().get("sosp").create(Map.of("hvp", "magic")));
        assertTrue(e.getMessage().startsWith("sosp: hvp = magic"), e.getMessage());
        Monitor exact = Registries.standard().monitors().get("hessian_extremes").create(Map.of("hvp", "exact"));
        PreconditionedSospTest.WithoutHvp noHvp = new PreconditionedSospTest.WithoutHvp(new QuarticWells(2));
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> exact.measure(noHvp, QuarticWells.point(0, 0), 0));
        assertTrue(s.getMessage().contains("no Hessian-vector product"), s.getMessage());
        // auto falls back to central differences.
        Map<String, Double> auto = Registries.standard().monitors().get("hessian_extremes").create(Map.of("tol", 1e-6))
                .measure(noHvp, QuarticWells.point(0, 1), 0);
        assertEquals(-1, auto.get("lambda_min"), 1e-6);
        assertEquals(2, auto.get("lambda_max"), 1e-6);
    }
}
