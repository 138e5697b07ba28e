package dev.curvature.problems;

import dev.curvature.optim.registry.Contributions;
import dev.curvature.optim.registry.Registries;
import dev.curvature.problems.phase.PhaseMonitors;

/** The problems module's components: the built-in problems and the spiked phase-retrieval monitor. */
public final class ProblemsContributions implements Contributions {

    @Override
    public void register(Registries r) {
        ProblemRegistry.register(r.problems());
        PhaseMonitors.register(r.monitors());
    }

    @Override
    public int order() {
        return 10;
    }
}
