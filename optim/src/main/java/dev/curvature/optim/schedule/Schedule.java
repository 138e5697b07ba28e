package dev.curvature.optim.schedule;

import dev.curvature.optim.StepContext;

/**
 * A hyperparameter as a function of the optimizer's update count and, for loss-dependent rules,
 * of the step context (f(x_t) − f*). Any hyperparameter a transform documents as schedulable
 * (learning rate, momentum, weight decay, ...) takes a schedule; a plain number is
 * {@link Schedules#constant}.
 */
@FunctionalInterface
public interface Schedule {

    /**
     * The value for the update with index {@code count} (0 for the first update the transform
     * applies; skipped steps do not advance it).
     */
    double value(long count, StepContext ctx);

    /** True when the value never changes (lets transforms validate it once, when built). */
    default boolean isConstant() {
        return false;
    }

    /** A one-line description with the parameters, e.g. {@code cosine(peak=0.001, warmup=100, ...)}. */
    default String describe() {
        return toString();
    }
}
