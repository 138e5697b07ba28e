package dev.curvature.problems.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Transform;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.run.Trajectory;
import dev.curvature.optim.saddle.PerturbedGradientDescent;
import dev.curvature.optim.saddle.SospCertificate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The perturbed methods escape strict saddles where gradient descent stays. */
class SaddleEscapeTest {

    /** PGD from the saddle: one escape, then termination at x̃, an ε-SOSP. */
    @Test
    void pgdEscapesAndTerminatesAtASecondOrderStationaryPoint() {
        StrictSaddle s = new StrictSaddle(50, 1, -0.5, 0.5, 1, 1, 0, DType.F64);
        Transform pgd = OptimizerRegistry.get("pgd").create(Map.of("ell", 1.5, "rho", 5.0, "eps", 1e-3));
        RunResult r = Run.on(s, pgd).stop(StoppingRule.maxSteps(100_000)).recordEvery(100)
                .monitor(new SospCertificate(1e-3, 5, SospCertificate.Method.AUTO, 2000, null, 10), 1_000_000)
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

    @Test
    void perturbedMethodsReachTheOctopusMinimum() {
        double l = Math.E;
        Octopus o = new Octopus(4, l, 1, Math.E, 1, Octopus.Outside.INF, DType.F64);
        double eta = 1 / (4 * l);
        Transform du = OptimizerRegistry.get("perturbed_gd_du").create(Map.of("lr", eta, "radius", Math.E / 100,
                "g_thres", Math.E / 100, "t_thres", 1L));
        Transform alg1 = OptimizerRegistry.get("perturbed_p_gd").create(Map.of("lr", eta, "lambda", 1.0,
                "radius", Math.E / 100 / eta, "interval", 1.0, "tolerance", Math.E / 100));
        for (Transform t : new Transform[] {du, alg1}) {
            RunResult r = Run.on(o, t).seed(3).stop(StoppingRule.maxSteps(20_000), StoppingRule.lossGapBelow(1e-3))
                    .recordEvery(1000).run();
            assertEquals("loss_gap", r.stopReason(), t.name());
            assertTrue(r.steps() < 2000, t.name() + ": " + r.steps());
            assertTrue(r.trajectory().events("perturbation").size() >= 3, t.name() + " perturbed at the saddles");
        }
    }
}
