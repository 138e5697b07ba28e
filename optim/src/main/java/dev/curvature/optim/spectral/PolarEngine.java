package dev.curvature.optim.spectral;

import dev.curvature.core.Tensor;

/**
 * Computes (an approximation of) the polar factor of a matrix: for the thin SVD G = U·S·Vᵀ,
 * polar(G) = U·Vᵀ, the orthogonal factor of the polar decomposition G = polar(G)·(GᵀG)^{1/2} and the
 * steepest-descent direction of the spectral norm that Muon-type optimizers step along.
 *
 * <p>An engine is a small stateful object: it keeps its work buffers between calls, so that calls
 * on matrices of one shape and dtype allocate nothing after the first (the exact SVD engine above
 * {@link ExactPolar#JACOBI_MAX} rows is the exception, see there). An engine is therefore not
 * thread-safe; use one per thread or per parameter block ({@link #fresh()} makes another with the
 * same configuration). Engines by name: {@link Polar#engine(String)}.
 *
 * <p>Contract for every engine, float32 and float64: {@code g} and {@code out} are rank-2, of equal
 * shape and dtype; {@code out} may be {@code g} itself (in place) and must have unit column stride;
 * {@code g} is not modified unless it is {@code out}. A zero input gives a zero output, and the
 * output is finite for every finite input, from subnormal entries to the largest finite ones, with
 * an accuracy that does not depend on the input's scale for the {@link #scaleInvariant()} form
 * (the engines work on 2ᵏ·G when G's magnitude is extreme, see {@link SafeScale}); an input holding NaN or ±∞ is rejected with an
 * {@link ArithmeticException} that names the engine.
 */
public interface PolarEngine {

    /** The engine's name, as accepted by {@link Polar#engine(String)}. */
    String name();

    /** out ← polar(g), exactly or approximately according to the engine. */
    void polar(Tensor g, Tensor out);

    /**
     * This engine configured so that its result does not depend on the input's scale (for the
     * Newton–Schulz engines: without the ε floor of their normalization, which damps tiny inputs as
     * the reference optimizers do); engines that are already scale invariant return themselves.
     */
    default PolarEngine scaleInvariant() {
        return this;
    }

    /** A new engine with this configuration and its own (empty) work buffers. */
    PolarEngine fresh();

    /** Checks the common contract and throws on non-finite input; returns true when there is nothing to do. */
    static boolean checkArguments(String engine, Tensor g, Tensor out) {
        if (g.rank() != 2 || out.rank() != 2) {
            throw new IllegalArgumentException(engine + ": needs matrices, got shapes " + Tensor.shapeString(g.shape())
                    + " and " + Tensor.shapeString(out.shape()));
        }
        g.requireCompatible(out, engine);
        if (out.cols() > 1 && out.stride(1) != 1) {
            throw new IllegalArgumentException(engine + ": the output must have unit column stride");
        }
        if (g.size() == 0) {
            return true;
        }
        if (!g.allFinite()) {
            throw new ArithmeticException(engine + ": the " + Tensor.shapeString(g.shape())
                    + " input contains NaN or infinite entries; its polar factor is undefined");
        }
        return false;
    }
}
