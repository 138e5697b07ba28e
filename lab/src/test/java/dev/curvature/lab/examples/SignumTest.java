package dev.curvature.lab.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.problems.classic.Quadratic;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-file optimizer {@link Signum}: registered, built from parameters, stepped by hand and run. */
class SignumTest {

    /**
     * A fresh set of registries holding only the example. Registering into
     * {@code Registries.standard()} instead would change what every other test in the JVM lists.
     */
    private static Registries registries() {
        Registries r = Registries.empty();
        r.optimizers().register(Signum.COMPONENT);
        return r;
    }

    @Test
    void declarationsDriveDefaultsAndBuilding() {
        Registries r = registries();
        assertEquals(java.util.List.of("signum"), r.optimizers().names());
        assertEquals(Map.of("lr", 0.01, "beta", 0.9), r.optimizers().get("signum").defaults());
        assertTrue(r.optimizers().get("signum").param("lr").schedulable());
        Transform t = r.optimizers().get("signum").create(Map.of("lr", 0.1, "beta", 0.5));
        assertEquals("signum", t.name());
    }

    /** Two steps against values computed by hand with η = 0.1, β = 0.5. */
    @Test
    void stepsMatchHandComputedValues() {
        Transform t = registries().optimizers().get("signum").create(Map.of("lr", 0.1, "beta", 0.5));
        Blocks x = Blocks.single(Tensor.vector(1.0, -2.0, 0.5));
        State s = t.init(x);
        StepContext ctx = new StepContext(null, null);

        Blocks u = Blocks.single(Tensor.vector(0.3, -0.2, 0.0));
        t.update(u, s, ctx);
        // m = 0.5·0 + 0.5·g = (0.15, −0.1, 0); u = −0.1·sign(m); sign(0) = 0 leaves that coordinate.
        assertArrayEquals(new double[] {0.15, -0.1, 0.0}, s.buffer("m").tensor(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-0.1, 0.1, 0.0}, u.tensor(0).toDoubleArray(), 0);
        assertEquals(0.1, ctx.metrics().get("lr")[0]);

        Blocks u2 = Blocks.single(Tensor.vector(-0.5, -0.2, 0.4));
        t.update(u2, s, ctx);
        // m = 0.5·(0.15, −0.1, 0) + 0.5·(−0.5, −0.2, 0.4) = (−0.175, −0.15, 0.2): the first coordinate flips.
        assertArrayEquals(new double[] {-0.175, -0.15, 0.2}, s.buffer("m").tensor(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0.1, 0.1, -0.1}, u2.tensor(0).toDoubleArray(), 0);
    }

    @Test
    void anOutOfRangeBetaIsRejectedNamingIt() {
        HyperparameterException e = assertThrows(HyperparameterException.class,
                () -> registries().optimizers().get("signum").create(Map.of("beta", 1.0)));
        assertEquals("signum", e.owner());
        assertEquals("beta", e.param());
        assertEquals("signum: beta = 1.0 is outside [0, 1)", e.getMessage());
        // The constructor checks the same range for objects built by hand.
        HyperparameterException direct = assertThrows(HyperparameterException.class,
                () -> new Signum(dev.curvature.optim.schedule.Schedules.constant(0.1), -0.1));
        assertEquals("beta", direct.param());
        HyperparameterException lr = assertThrows(HyperparameterException.class,
                () -> registries().optimizers().get("signum").create(Map.of("lr", -1.0)));
        assertEquals("lr", lr.param());
    }

    /** Run on a quadratic, and the same steps as the library's {@code sign_sgd} with the same momentum. */
    @Test
    void runsOnAProblemAndAgreesWithTheBuiltInSignSgd() {
        Quadratic problem = new Quadratic(10, 1, 100, 1.0, 0, DType.F64);
        Map<String, Object> hp = Map.of("lr", 0.002, "beta", 0.9);
        RunResult r = Run.on(problem, registries().optimizers().get("signum").create(hp))
                .stop(StoppingRule.maxSteps(400)).seed(3).run();
        double start = r.trajectory().get("loss", 0);
        assertEquals(400, r.steps());
        assertTrue(r.loss() < start / 100, "loss " + start + " → " + r.loss());

        Transform builtIn = Registries.standard().optimizers().get("sign_sgd")
                .create(Map.of("lr", 0.002, "momentum", 0.9));
        RunResult b = Run.on(problem, builtIn).stop(StoppingRule.maxSteps(400)).seed(3).run();
        assertArrayEquals(b.trajectory().get("loss"), r.trajectory().get("loss"), 1e-12);
    }
}
