package dev.curvature.optim.spectral;

import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.State;

/**
 * What a spectral transform caches per state: the 2-D views of the update blocks
 * ({@link MatrixViews}) and, for a transform that takes polar factors, one engine per block. Each
 * block needs its own engine because an engine keeps work buffers sized to its matrix; with both
 * cached, a steady-state step allocates nothing. Held as a {@link State} attachment
 * ({@link #key}), so it is rebuilt, never snapshotted.
 */
final class SpectralBlocks {
    private final MatrixViews views;
    private final PolarEngine prototype;
    private PolarEngine[] engines = new PolarEngine[0];

    private SpectralBlocks(String owner, boolean allowVectors, PolarEngine prototype) {
        this.views = new MatrixViews(owner, allowVectors);
        this.prototype = prototype;
    }

    /**
     * A state key for this cache; {@code prototype} is the engine copied for each block, or null
     * for a transform that needs the views only.
     */
    static State.Key<SpectralBlocks> key(String owner, boolean allowVectors, PolarEngine prototype) {
        return new State.Key<>(owner + ".blocks", () -> new SpectralBlocks(owner, allowVectors, prototype));
    }

    /** The 2-D views of {@code blocks} (rebuilt only when a different Blocks object is passed), with one engine each. */
    Tensor[] of(Blocks blocks) {
        Tensor[] v = views.of(blocks);
        if (prototype != null && engines.length != v.length) {
            engines = new PolarEngine[v.length];
            for (int i = 0; i < v.length; i++) {
                engines[i] = prototype.fresh();
            }
        }
        return v;
    }

    /** The engine of block {@code k} (after {@link #of}). */
    PolarEngine engine(int k) {
        return engines[k];
    }
}
