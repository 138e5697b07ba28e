package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * u ← f(A, B)·polar(u) for each block, seen as an A×B matrix (N-d blocks reshaped to (out, −1);
 * vectors as n×1 columns where allowed, which gives u/‖u‖): the orthogonalization step of Muon
 * and SpecGD. The polar factor comes from a {@link PolarEngine} ({@link Polar#engine}), one per
 * block with its own buffers, so that a steady-state step allocates nothing; f is an
 * {@link AdjustLr} factor. Spectral gradient descent (Braun et al., arXiv 2601.22652; Bernstein
 * &amp; Newhouse, "Old optimizer, new norm", 2024) is this followed by the learning rate.
 */
public final class Orthogonalize implements Transform {
    private final String method;
    private final int steps;
    private final AdjustLr adjust;
    private final boolean allowVectors;
    private final State.Key<SpectralBlocks> blocks;

    /**
     * @param method       a {@link Polar} engine name
     * @param steps        its number of steps (0: the engine's default)
     * @param adjust       the per-shape factor
     * @param allowVectors treat vectors as n×1 columns instead of rejecting them
     */
    public Orthogonalize(String method, int steps, AdjustLr adjust, boolean allowVectors) {
        this.blocks = SpectralBlocks.key(name(), allowVectors, Polar.engine(method, steps));
        this.method = method;
        this.steps = steps;
        this.adjust = adjust;
        this.allowVectors = allowVectors;
    }

    @Override
    public String name() {
        return "orthogonalize";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check(name(), params, allowVectors);
        State s = new State(name());
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        SpectralBlocks b = state.attachment(blocks);
        Tensor[] v = b.of(updates);
        for (int i = 0; i < v.length; i++) {
            Tensor m = v[i];
            b.engine(i).polar(m, m);
            double f = adjust.factor(m.rows(), m.cols());
            if (f != 1.0) {
                m.scale(f);
            }
        }
    }

    @Override
    public String toString() {
        return "orthogonalize(" + method + (steps > 0 ? ", steps=" + steps : "") + ", adjust_lr=" + adjust.id() + ")";
    }
}
