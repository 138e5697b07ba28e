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
    private final PolarEngine prototype;

    /**
     * @param method       a {@link Polar} engine name
     * @param steps        its number of steps (0: the engine's default)
     * @param adjust       the per-shape factor
     * @param allowVectors treat vectors as n×1 columns instead of rejecting them
     */
    public Orthogonalize(String method, int steps, AdjustLr adjust, boolean allowVectors) {
        this.prototype = Polar.engine(method, steps);
        this.method = method;
        this.steps = steps;
        this.adjust = adjust;
        this.allowVectors = allowVectors;
    }

    @Override
    public String name() {
        return "orthogonalize";
    }

    /** Per-state scratch: views and one engine per block. */
    private static final class Work {
        final MatrixViews views;
        PolarEngine[] engines = new PolarEngine[0];

        Work(MatrixViews views) {
            this.views = views;
        }
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check(name(), params, allowVectors);
        State s = new State(name());
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Work w = state.attachment() instanceof Work cached ? cached : new Work(new MatrixViews(name(), allowVectors));
        state.setAttachment(w);
        Tensor[] v = w.views.of(updates);
        if (w.engines.length != v.length) {
            w.engines = new PolarEngine[v.length];
            for (int i = 0; i < v.length; i++) {
                w.engines[i] = prototype.fresh();
            }
        }
        for (int i = 0; i < v.length; i++) {
            Tensor m = v[i];
            w.engines[i].polar(m, m);
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
