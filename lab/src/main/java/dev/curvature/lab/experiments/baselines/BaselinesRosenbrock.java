package dev.curvature.lab.experiments.baselines;

import dev.curvature.lab.experiments.Reproduction;

/**
 * The baseline optimizers on the chained Rosenbrock function ({@code baselines-rosenbrock.yaml}
 * beside this class): a demonstration of the lab without claims to check, so without an analysis.
 */
public final class BaselinesRosenbrock implements Reproduction {
    @Override
    public String experiment() {
        return "baselines-rosenbrock";
    }
}
