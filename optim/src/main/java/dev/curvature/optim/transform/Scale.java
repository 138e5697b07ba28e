package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/** u ← c·u for a fixed factor c (optax {@code scale}). */
public final class Scale implements Transform {
    private final double factor;

    public Scale(double factor) {
        this.factor = Check.finite("scale", "factor", factor);
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(name());
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        updates.scale(factor);
    }

    @Override
    public String toString() {
        return "scale(" + factor + ")";
    }
}
