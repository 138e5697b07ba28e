package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.util.List;

/** Applies transformations one after another (optax {@code chain}); its state holds theirs in order. */
public final class Chain implements Transform {
    private final List<Transform> parts;

    public Chain(List<Transform> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("chain: needs at least one transformation");
        }
        this.parts = List.copyOf(parts);
    }

    /** The chained transformations in order. */
    public List<Transform> parts() {
        return parts;
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(name());
        for (Transform t : parts) {
            s.addChild(t.init(params, stateDType));
        }
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        for (int i = 0, n = parts.size(); i < n; i++) {
            parts.get(i).update(updates, state.child(i), ctx);
        }
    }

    @Override
    public String toString() {
        return "chain" + parts;
    }
}
