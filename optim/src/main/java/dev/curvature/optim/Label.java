package dev.curvature.optim;

import dev.curvature.core.Tensor;

/**
 * The conventional labels of parameter blocks, used by {@link Transforms#route} to send each kind
 * of block to its own transformation (e.g. Muon for hidden matrices, AdamW for the rest). Labels
 * are plain strings; these constants are the ones the built-in problems and models use.
 */
public final class Label {
    /** A vector of unknowns of a classical problem. */
    public static final String VECTOR = "vector";
    /** A matrix of unknowns of a classical problem (factorization, sensing). */
    public static final String MATRIX = "matrix";
    /** A hidden weight matrix (or convolution kernel) of a network: the blocks Muon-type methods target. */
    public static final String HIDDEN = "hidden";
    /** A bias vector. */
    public static final String BIAS = "bias";
    /** A normalization gain or other scalar-like parameter. */
    public static final String GAIN = "gain";
    /** An embedding table. */
    public static final String EMBEDDING = "embedding";
    /** An output (classifier / language-model) head. */
    public static final String HEAD = "head";

    private Label() {}

    /** {@link #MATRIX} for tensors of rank ≥ 2, {@link #VECTOR} otherwise. */
    public static String byRank(Tensor t) {
        return t.rank() >= 2 ? MATRIX : VECTOR;
    }
}
