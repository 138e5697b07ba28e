package dev.curvature.lab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.run.Trajectory;
import dev.curvature.problems.classic.Rosenbrock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-file monitor {@link DistanceToPoint}, built from a registry and measured inside a run. */
class DistanceToPointTest {

    @Test
    void itsColumnHoldsTheDistanceToTheRosenbrockMinimizer() {
        // A fresh set of registries: the standard one is shared by every test in the JVM.
        Registries r = Registries.empty();
        r.monitors().register(DistanceToPoint.COMPONENT);
        Monitor m = r.monitors().get("distance_to_point").create(Map.of("point", 1.0));

        RunResult res = Run.on(new Rosenbrock(2, DType.F64), Registries.standard().optimizers().get("adam").create(Map.of("lr", 0.02)))
                .monitor(m, 100).recordEvery(100).stop(StoppingRule.maxSteps(3000)).run();
        Trajectory t = res.trajectory();
        assertTrue(t.has(DistanceToPoint.COLUMN), t.columnNames().toString());
        // Rows and measurements at steps 0, 100, ..., 2900 and at the final point, step 3000.
        assertEquals(31, t.rows());
        // x₀ = (−1.2, 1): the distance to (1, 1) is 2.2.
        assertEquals(2.2, t.get(DistanceToPoint.COLUMN, 0), 1e-15);
        assertEquals(0, t.get("step", 0));
        double[] x = res.x().tensor(0).toDoubleArray();
        assertEquals(Math.hypot(x[0] - 1, x[1] - 1), t.last(DistanceToPoint.COLUMN), 1e-15);
        assertTrue(t.last(DistanceToPoint.COLUMN) < 0.1, "Adam approaches the minimizer: " + t.last(DistanceToPoint.COLUMN));
    }
}
