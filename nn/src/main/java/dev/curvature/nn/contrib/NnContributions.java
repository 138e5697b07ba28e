package dev.curvature.nn.contrib;

import dev.curvature.optim.registry.Contributions;
import dev.curvature.optim.registry.Registries;

/** The nn module's components: the network training problems and the monitors that need a model. */
public final class NnContributions implements Contributions {

    @Override
    public void register(Registries r) {
        NnRegistry.registerProblems(r.problems());
        NnRegistry.registerMonitors(r.monitors());
    }

    @Override
    public int order() {
        return 30;
    }
}
