package dev.curvature.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registries;
import org.junit.jupiter.api.Test;

/** Every registered problem builds from its defaults, is finite at its start and reproducible by seed. */
class ProblemRegistryTest {

    @Test
    void everyProblemBuildsWithItsDefaults() {
        for (Component<Problem> c : Registries.standard().problems().all()) {
            Problem p = c.create();
            assertEquals(c.name(), p.name());
            Blocks x = p.initialPoint(RandomStream.of(1));
            Blocks g = x.zerosLike();
            double f = p.valueAndGradient(x, g);
            assertTrue(Double.isFinite(f) && g.firstNonFinite() < 0, c.name() + ": finite at the start");
            if (p.optimum().isPresent()) {
                assertTrue(f >= p.optimum().getAsDouble() - 1e-9, c.name() + ": f(x₀) ≥ f*");
            }
            Blocks again = c.create().initialPoint(RandomStream.of(1));
            assertEquals(x.copy().addScaled(-1, again).norm(), 0.0, c.name() + ": same seed, same start");
        }
    }
}
