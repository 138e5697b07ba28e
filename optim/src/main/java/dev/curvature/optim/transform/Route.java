package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * Sends each parameter block to the transformation registered for its label (optax
 * {@code multi_transform}): e.g. Muon for {@code hidden} matrices and AdamW for everything else.
 * Blocks whose label has no entry go to the fallback; without a fallback they are an error at
 * {@link #init}. Each group has its own state; the group views are cached so a step allocates nothing.
 *
 * <p>A route built {@linkplain #requiring requiring} its labels refuses, at {@link #init}, parameters
 * where no block carries any of them: a Muon-family optimizer on a problem without matrix blocks
 * would otherwise send every block to its fallback (AdamW) and silently ignore its own learning rate.
 */
public final class Route implements Transform {
    private final Map<String, Transform> byLabel;
    private final Transform fallback;
    private final List<String> labels;
    private final List<Transform> transforms;
    /** Who requires at least one routed label (named in the error), or null. */
    private final String requiredBy;

    /**
     * @param byLabel  transformation per label; the state holds the groups in the map's order when
     *                 it has one ({@link SequencedMap}: LinkedHashMap, TreeMap, ...), otherwise in
     *                 label order, so that the state layout (and hence snapshots) never depends on
     *                 a hash order that may change from one process to the next (as {@code Map.of}'s does)
     * @param fallback transformation for other labels, or null to require full coverage
     */
    public Route(Map<String, Transform> byLabel, Transform fallback) {
        this(byLabel, fallback, null);
    }

    /**
     * As {@link #Route(Map, Transform)}, but {@link #init} fails unless some block carries one of
     * {@code byLabel}'s labels; {@code owner} (e.g. {@code muon}) names the optimizer in the message.
     */
    public static Route requiring(String owner, Map<String, Transform> byLabel, Transform fallback) {
        return new Route(byLabel, fallback, java.util.Objects.requireNonNull(owner, "owner"));
    }

    private Route(Map<String, Transform> byLabel, Transform fallback, String requiredBy) {
        this.requiredBy = requiredBy;
        if (byLabel.isEmpty() && fallback == null) {
            throw new IllegalArgumentException("route: needs at least one label or a fallback");
        }
        this.byLabel = new LinkedHashMap<>(byLabel instanceof SequencedMap<String, Transform> ? byLabel
                : new TreeMap<>(byLabel));
        this.fallback = fallback;
        this.labels = List.copyOf(this.byLabel.keySet());
        List<Transform> ts = new ArrayList<>(this.byLabel.values());
        if (fallback != null) {
            ts.add(fallback);
        }
        this.transforms = List.copyOf(ts);
    }

    @Override
    public String name() {
        return "route";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(name());
        if (requiredBy != null && params.count() > 0 && params.select(b -> byLabel.containsKey(b.label())).count() == 0) {
            List<String> have = new ArrayList<>();
            for (Blocks.Block b : params) {
                have.add(b.name() + " (" + b.label() + ")");
            }
            throw new IllegalArgumentException(requiredBy + " updates blocks labelled " + String.join(" or ", labels)
                    + ", and this problem has none (its blocks: " + String.join(", ", have) + "): every block would go to"
                    + " its fallback and " + requiredBy + "'s own rule and lr would never apply. Use that fallback"
                    + " directly (e.g. adamw), or set matrix_labels to the labels of this problem's matrix blocks");
        }
        for (Blocks.Block b : params) {
            if (!byLabel.containsKey(b.label()) && fallback == null) {
                throw new IllegalArgumentException("route: block '" + b.name() + "' has label '" + b.label()
                        + "', which no transformation handles (labels: " + byLabel.keySet()
                        + "; add a fallback)");
            }
        }
        for (int i = 0; i < transforms.size(); i++) {
            int group = i;
            s.addChild(transforms.get(i).init(params.select(b -> belongs(b, group)), stateDType));
        }
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Groups g = groups(updates, ctx, state);
        for (int i = 0; i < transforms.size(); i++) {
            Blocks u = g.updates.get(i);
            if (u.count() > 0) {
                transforms.get(i).update(u, state.child(i), g.contexts.get(i));
            }
        }
    }

    /** Per-group views of the updates, parameters and context, rebuilt only when the caller passes new objects. */
    private static final class Groups {
        Blocks updatesKey;
        Blocks paramsKey;
        StepContext ctxKey;
        final List<Blocks> updates = new ArrayList<>();
        final List<StepContext> contexts = new ArrayList<>();
    }

    private static final State.Key<Groups> GROUPS = new State.Key<>("route.groups", Groups::new);

    private Groups groups(Blocks updates, StepContext ctx, State state) {
        Groups g = state.attachment(GROUPS);
        Blocks params = ctx.params();
        if (g.updatesKey != updates || g.paramsKey != params || g.ctxKey != ctx) {
            g.updates.clear();
            g.contexts.clear();
            for (int i = 0; i < transforms.size(); i++) {
                int group = i;
                g.updates.add(updates.select(b -> belongs(b, group)));
                g.contexts.add(ctx.forGroup(params == null ? null : params.select(b -> belongs(b, group))));
            }
            g.updatesKey = updates;
            g.paramsKey = params;
            g.ctxKey = ctx;
        }
        return g;
    }

    /** True when block b goes to group i (the labels in order, then the fallback). */
    private boolean belongs(Blocks.Block b, int i) {
        return i < labels.size() ? b.label().equals(labels.get(i)) : !byLabel.containsKey(b.label());
    }
}
