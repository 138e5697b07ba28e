package dev.curvature.optim.spectral;

import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;

/**
 * The 2-D views under which spectral methods see parameter blocks, cached so that a step builds
 * none: a matrix is itself; an N-d block (a convolution kernel (out, in, kh, kw)) is reshaped to
 * (out, −1) as Muon's reference code does; a vector, where allowed, is an n×1 column, whose polar
 * factor is g/‖g‖. The cache is keyed on the identity of the {@link Blocks} passed to a step (the
 * run loop passes the same gradient buffer every step) and rebuilt when it changes.
 */
final class MatrixViews {
    private final String owner;
    private final boolean allowVectors;
    private Blocks key;
    private Tensor[] views = new Tensor[0];

    MatrixViews(String owner, boolean allowVectors) {
        this.owner = owner;
        this.allowVectors = allowVectors;
    }

    /** Throws unless every block can be seen as a matrix. */
    static void check(String owner, Blocks params, boolean allowVectors) {
        for (Blocks.Block b : params) {
            int rank = b.tensor().rank();
            if (rank == 0 || (rank == 1 && !allowVectors)) {
                throw new IllegalArgumentException(owner + ": block '" + b.name() + "' (label " + b.label()
                        + ", shape " + Tensor.shapeString(b.tensor().shape()) + ") is not a matrix; orthogonalized "
                        + "updates need rank >= 2 (route other blocks to another optimizer, e.g. AdamW)");
            }
        }
    }

    /** The 2-D views of {@code blocks}, rebuilt only when a different Blocks object is passed. */
    Tensor[] of(Blocks blocks) {
        if (blocks != key) {
            check(owner, blocks, allowVectors);
            Tensor[] v = new Tensor[blocks.count()];
            for (int i = 0; i < v.length; i++) {
                v[i] = view(blocks.tensor(i));
            }
            views = v;
            key = blocks;
        }
        return views;
    }

    /** The 2-D view of one tensor (a contiguous N-d tensor is reshaped to (dim0, −1)). */
    static Tensor view(Tensor t) {
        return switch (t.rank()) {
            case 1 -> t.reshape(t.dim(0), 1);
            case 2 -> t;
            default -> t.reshape(t.dim(0), -1);
        };
    }
}
