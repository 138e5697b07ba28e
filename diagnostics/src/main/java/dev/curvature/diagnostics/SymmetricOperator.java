package dev.curvature.diagnostics;

import dev.curvature.optim.Blocks;

/**
 * A symmetric linear operator on {@link Blocks}, v ↦ H·v, given only through its products: a
 * Hessian-vector product ∇²f(x)·v at a fixed point x, a preconditioned Hessian, or a dense matrix
 * in tests. {@link Lanczos} needs nothing else.
 */
@FunctionalInterface
public interface SymmetricOperator {

    /** Writes H·v into {@code out} (same structure as v); must not modify v. */
    void apply(Blocks v, Blocks out);
}
