package dev.curvature.lab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-file problem {@link StyblinskiTang}: exact derivatives against finite differences, built from a registry. */
class StyblinskiTangTest {
    private static final double H = 1e-5;

    /** A fresh set of registries holding only the example (the standard one is shared by the whole JVM). */
    private static Registries registries() {
        Registries r = Registries.empty();
        r.problems().register(StyblinskiTang.COMPONENT);
        return r;
    }

    @Test
    void gradientAndHessianVectorProductMatchCentralDifferences() {
        Problem p = registries().problems().get("styblinski_tang").create(Map.of("n", 5L, "init_radius", 2.0));
        RandomStream rng = RandomStream.of(11);
        for (int trial = 0; trial < 5; trial++) {
            Blocks x = p.initialPoint(rng.fork(trial));
            Blocks g = x.zerosLike();
            double f = p.valueAndGradient(x, g);
            assertEquals(p.value(x), f, 0);
            Blocks v = Blocks.single("x", rng.fork(100 + trial).fillNormal(Tensor.zeros(x.tensor(0).dtype(), 5), 0, 1));
            // Directional derivative ∇f·v and Hessian-vector product against central differences along v.
            Blocks plus = x.copy().addScaled(H, v);
            Blocks minus = x.copy().addScaled(-H, v);
            double fd = (p.value(plus) - p.value(minus)) / (2 * H);
            assertEquals(fd, g.dot(v), 1e-6 * Math.max(1, Math.abs(fd)));
            Blocks gPlus = x.zerosLike();
            Blocks gMinus = x.zerosLike();
            p.valueAndGradient(plus, gPlus);
            p.valueAndGradient(minus, gMinus);
            Blocks hvFd = gPlus.copy().addScaled(-1, gMinus).scale(1 / (2 * H));
            Blocks hv = x.zerosLike();
            p.hessianVectorProduct(x, v, hv);
            for (int i = 0; i < 5; i++) {
                double want = hvFd.tensor(0).get(i);
                assertEquals(want, hv.tensor(0).get(i), 1e-5 * Math.max(1, Math.abs(want)), "coordinate " + i);
            }
        }
    }

    /** Gradient descent finds the global minimum from 0 and a worse local one from 1: the function is nonconvex. */
    @Test
    void gradientDescentReachesTheMinimumItsStartLeadsTo() {
        Problem fromZero = registries().problems().get("styblinski_tang").create(Map.of("n", 3L));
        RunResult r = Run.on(fromZero, Optimizers.gd(0.02)).stop(StoppingRule.maxSteps(2000),
                StoppingRule.gradNorm(1e-10)).run();
        assertEquals("grad_norm", r.stopReason());
        assertEquals(fromZero.optimum().getAsDouble(), r.loss(), 1e-9);
        assertEquals(-39.16616570377142 * 3, r.loss(), 1e-9);
        assertEquals(StyblinskiTang.minimizer(), r.x().tensor(0).get(0), 1e-9);

        Problem fromOne = registries().problems().get("styblinski_tang").create(Map.of("n", 3L, "x0", 1.0));
        RunResult local = Run.on(fromOne, Optimizers.gd(0.02)).stop(StoppingRule.maxSteps(2000),
                StoppingRule.gradNorm(1e-10)).run();
        assertTrue(local.x().tensor(0).get(0) > 2.7, "local minimizer near 2.7468: " + local.x());
        assertTrue(local.loss() > r.loss() + 30, local.loss() + " vs " + r.loss());
    }

    @Test
    void declaredRangesAreChecked() {
        HyperparameterException e = assertThrows(HyperparameterException.class,
                () -> registries().problems().get("styblinski_tang").create(Map.of("n", 0L)));
        assertEquals("n", e.param());
        assertEquals("styblinski_tang: n = 0 is outside [1, ∞)", e.getMessage());
    }
}
