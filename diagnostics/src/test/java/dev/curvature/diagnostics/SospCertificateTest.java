package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Transform;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.run.Trajectory;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.optim.saddle.PerturbedGradientDescent;
import dev.curvature.optim.saddle.Preconditioner;
import dev.curvature.problems.saddle.StrictSaddle;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sosp_certificate monitor: its λ_min methods agree, and PGD's returned point is certified. */
class SospCertificateTest {

    /** Dense, closed-form and power-iteration λ_min agree (one negative direction: power iteration has a gap). */
    @Test
    void denseExactAndPowerAgree() {
        RandomStream rng = RandomStream.of(4);
        StrictSaddle s = new StrictSaddle(30, 1, -0.7, 0.2, 3, 1.5, 0, DType.F64);
        Blocks x = Blocks.single(rng.fillNormal(Tensor.zeros(DType.F64, 30), 0, 0.3));
        double dense = SospMonitor.certificate(1e-3, 1, SospCertificate.Method.DENSE, 100, null, 10).measure(s, x, 0)
                .get("lambda_min");
        Map<String, Double> exact = SospMonitor.certificate(1e-3, 1, SospCertificate.Method.EXACT, 100, null, 10)
                .measure(s, x, 0);
        Map<String, Double> power = SospMonitor.certificate(1e-3, 1, SospCertificate.Method.POWER, 100, null, 3000)
                .measure(s, x, 0);
        assertEquals(dense, exact.get("lambda_min"), 1e-10);
        assertEquals(2.0, exact.get("lambda_min_method"));
        assertEquals(dense, power.get("lambda_min"), 1e-4);
        assertEquals(3.0, power.get("lambda_min_method"));
        assertEquals(0.0, exact.get("sosp"), "a point with negative curvature is not an ε-SOSP");
        // The same λ_min by Lanczos, through the checker.
        SospCertificate lanczos = new SospChecker(new Lanczos.Options(30, 8, 1e-12, 2000), HessianOperator.Mode.EXACT)
                .plain(s, x, 1e-3, 1, RandomStream.of(1));
        assertEquals(dense, lanczos.lambdaMin(), 1e-10);
        assertEquals(SospCertificate.Method.LANCZOS, lanczos.method());
    }

    /** The preconditioned certificate needs the dense method; the column names stay those of the spec. */
    @Test
    void preconditionedCertificateIsDense() {
        Preconditioner p = new Preconditioner("test", Kernel.COSH, false, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SospMonitor.certificate(1e-3, 1, SospCertificate.Method.POWER, 100, p, 10));
        assertEquals("sosp_certificate: method = power cannot certify a preconditioned Hessian; use dense or auto",
                e.getMessage());
        Map<String, Double> m = SospMonitor.certificate(1e-2, 6.1, SospCertificate.Method.AUTO, 1, p, 10)
                .measure(new QuarticWells(1), QuarticWells.point(0.4), 0);
        assertEquals(java.util.List.of("sosp_measure", "lambda_min", "sosp", "lambda_min_method"),
                java.util.List.copyOf(m.keySet()));
        double fp = 0.4 * 0.4 * 0.4 - 0.4;
        assertEquals((3 * 0.4 * 0.4 - 1) / Math.sqrt(1 + fp * fp), m.get("lambda_min"), 1e-13);
        assertEquals(Kernel.COSH.stationarity(Math.abs(fp)), m.get("sosp_measure"), 1e-16);
        assertEquals(1.0, m.get("lambda_min_method"));
    }

    /** PGD from the saddle: one escape, then termination at x̃, an ε-SOSP. */
    @Test
    void pgdEscapesAndTerminatesAtASecondOrderStationaryPoint() {
        StrictSaddle s = new StrictSaddle(50, 1, -0.5, 0.5, 1, 1, 0, DType.F64);
        Transform pgd = OptimizerRegistry.get("pgd").create(Map.of("ell", 1.5, "rho", 5.0, "eps", 1e-3));
        RunResult r = Run.on(s, pgd).stop(StoppingRule.maxSteps(100_000)).recordEvery(100)
                .monitor(SospMonitor.certificate(1e-3, 5, SospCertificate.Method.AUTO, 2000, null, 10), 1_000_000)
                .run();
        assertEquals(PerturbedGradientDescent.STOP_REASON, r.stopReason());
        Trajectory tr = r.trajectory();
        var escapes = tr.events("escape");
        assertEquals(2, escapes.size(), "the escape from the saddle, then the failed one at the minimum");
        assertEquals(1.0, escapes.get(0).fields().get("escaped"));
        assertEquals(0.0, escapes.get(0).fields().get("perturbed_at"), "the start has a zero gradient");
        assertTrue(escapes.get(0).fields().get("steps_to_escape") > 1);
        assertEquals(0.0, escapes.get(1).fields().get("escaped"));
        assertEquals(1, tr.events("pgd_constants").size());
        assertEquals(s.optimum().getAsDouble(), r.loss(), 1e-9);
        assertEquals(1.0, tr.last("sosp"), "ε-SOSP at the returned point");
        assertEquals(1.0, tr.last("lambda_min_method"), "dense below max_dense");
        assertEquals(0.0, tr.get("sosp", 0), "the saddle is no ε-SOSP");
        assertEquals(-0.5, tr.get("lambda_min", 0), 1e-12);
        // Gradient descent from the same point never moves.
        RunResult gd = Run.on(s, Optimizers.gd(0.5)).stop(StoppingRule.maxSteps(1000)).run();
        assertEquals(0, gd.loss());
    }
}
