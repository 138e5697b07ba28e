package dev.curvature.optim.contrib;

import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import java.util.List;
import java.util.Map;

/**
 * The generic monitors by name for experiment specs ({@code monitors: [{name: param_norm, every: 10}]});
 * other packages and modules add theirs through their {@code Contributions}.
 */
public final class MonitorRegistry {
    private MonitorRegistry() {}

    /** Registers param_norm and loss_gap. */
    public static void register(Registry<Monitor> r) {
        r.register(new Component<>("param_norm", "‖x_t‖ over all blocks (column param_norm)", "-", List.of(),
                h -> (problem, x, step) -> Map.of("param_norm", x.norm())));
        r.register(new Component<>("loss_gap", "f(x_t) − f* (column loss_gap; needs a known optimum)", "-",
                List.of(), h -> (problem, x, step) -> {
                    if (problem.optimum().isEmpty()) {
                        throw new IllegalStateException("loss_gap monitor: problem '" + problem.name()
                                + "' has no known optimum");
                    }
                    return Map.of("loss_gap", problem.value(x) - problem.optimum().getAsDouble());
                }));
    }
}
