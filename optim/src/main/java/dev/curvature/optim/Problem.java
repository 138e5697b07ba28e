package dev.curvature.optim;

import dev.curvature.core.random.RandomStream;
import java.util.OptionalDouble;

/**
 * The minimal contract of an objective f to minimize: value, gradient into a caller-owned buffer,
 * an optional Hessian-vector product, an optional known minimum value f*, and a seeded initial
 * point that also fixes the block structure (names, labels, shapes, dtype).
 *
 * <p>Implementations must not allocate in {@link #valueAndGradient} once warmed up, and must
 * leave {@code x} unchanged.
 */
public interface Problem {

    /** A short name, e.g. {@code rosenbrock}. */
    String name();

    /** The initial point x₀ drawn from {@code rng} (a deterministic point ignores it). */
    Blocks initialPoint(RandomStream rng);

    /** f(x). */
    double value(Blocks x);

    /** Writes ∇f(x) into {@code grad} (same structure as x) and returns f(x). */
    double valueAndGradient(Blocks x, Blocks grad);

    /** True when {@link #hessianVectorProduct} is available. */
    default boolean hasHessianVectorProduct() {
        return false;
    }

    /** Writes ∇²f(x)·v into {@code out}. Only when {@link #hasHessianVectorProduct()}. */
    default void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        throw new UnsupportedOperationException(name() + " provides no Hessian-vector product");
    }

    /** The minimum value f* when it is known. */
    default OptionalDouble optimum() {
        return OptionalDouble.empty();
    }

    /**
     * A problem with internal state that changes as a run proceeds (a minibatch sampler's random
     * stream and position): the run checkpoints it with its own state so that a resumed run
     * draws the same batches.
     */
    interface Stateful {
        /** The state as bytes. */
        byte[] snapshot();

        /** Restores a state taken by {@link #snapshot()} from a problem with the same configuration. */
        void restore(byte[] snapshot);
    }
}
