package dev.curvature.optim.run;

import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import java.util.Map;

/**
 * Monitors by name for experiment specs ({@code monitors: [{name: param_norm, every: 10}]}); the
 * diagnostics module registers the curvature monitors here too.
 */
public final class MonitorRegistry {
    /** The registry. */
    public static final Registry<Monitor> MONITORS = new Registry<Monitor>("monitors")
            .register(new Component<>("param_norm", "‖x_t‖ over all blocks (column param_norm)", "-", params(),
                    h -> (problem, x, step) -> Map.of("param_norm", x.norm())))
            .register(new Component<>("loss_gap", "f(x_t) − f* (column loss_gap; needs a known optimum)", "-",
                    params(), h -> (problem, x, step) -> {
                        if (problem.optimum().isEmpty()) {
                            throw new IllegalStateException("loss_gap monitor: problem '" + problem.name()
                                    + "' has no known optimum");
                        }
                        return Map.of("loss_gap", problem.value(x) - problem.optimum().getAsDouble());
                    }));

    static {
        dev.curvature.optim.saddle.SaddleOptimizers.registerMonitors(MONITORS);
    }

    private MonitorRegistry() {}
}
