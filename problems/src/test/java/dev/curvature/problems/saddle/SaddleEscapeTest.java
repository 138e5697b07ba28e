package dev.curvature.problems.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Transform;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The perturbed methods escape the octopus's saddles. PGD escaping a strict saddle, checked by the
 * ε-SOSP certificate, is tested in the diagnostics module, which holds the certificate.
 */
class SaddleEscapeTest {

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
