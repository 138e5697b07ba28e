package dev.curvature.problems.phase;

import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import java.util.List;

/**
 * The monitor {@code spiked_phase_metrics}: the signal, spike and bulk coefficients, alignment
 * and top-singular-vector cosine of {@link SpikedPhaseRetrieval#metrics}, as trajectory columns
 * of the same names. Registered by {@link #register}, through {@link dev.curvature.problems.ProblemsContributions}.
 */
public final class PhaseMonitors {
    private PhaseMonitors() {}

    /** Registers spiked_phase_metrics. */
    public static void register(Registry<Monitor> monitors) {
        monitors.register(new Component<>("spiked_phase_metrics",
                "signal a, spike b, bulk c coefficients, alignment ‖Wᵀw*‖/‖W‖_F and top_cos of spiked_phase_retrieval",
                "Braun et al., arXiv 2601.22652, Fig. 1 (reconstructed definitions, see SpikedPhaseRetrieval)",
                List.of(), h -> (problem, x, step) -> {
                    if (!(problem instanceof SpikedPhaseRetrieval p)) {
                        throw new IllegalStateException("spiked_phase_metrics monitor: problem '" + problem.name()
                                + "' is not spiked_phase_retrieval");
                    }
                    return p.metrics(x);
                }));
    }
}
