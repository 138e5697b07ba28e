package dev.curvature.optim;

import dev.curvature.core.DType;

/**
 * A gradient transformation, the unit optimizers are built from (optax's
 * {@code GradientTransformation}): {@link #init} creates its {@link State} for a set of
 * parameters, {@link #update} turns incoming updates into outgoing ones <em>in place</em>.
 *
 * <p>The first transformation of a chain receives the gradient; the last one leaves the update
 * u_t that the run loop adds to the parameters, x_{t+1} = x_t + u_t (so a final
 * {@link Transforms#scaleByLearningRate} multiplies by −η). In-place updates let a whole step run
 * without allocating. A transform object holds only hyperparameters, validated when it is built;
 * all mutable data live in its state, so one transform may drive several independent runs.
 */
public interface Transform {

    /** A short name used in messages and snapshots, e.g. {@code scale_by_adam}. */
    String name();

    /**
     * Creates the state for {@code params}.
     *
     * @param stateDType dtype of the buffers it allocates, or null for the dtype of each parameter block
     */
    State init(Blocks params, DType stateDType);

    /** {@link #init(Blocks, DType)} with buffers in each parameter block's dtype. */
    default State init(Blocks params) {
        return init(params, null);
    }

    /**
     * Transforms {@code updates} in place. On entry they hold the gradient or the previous
     * transform's output; on exit the new updates. {@code state} is the one {@link #init} created.
     */
    void update(Blocks updates, State state, StepContext ctx);
}
