package dev.curvature.lab.examples;

import static dev.curvature.optim.registry.Param.number;
import static dev.curvature.optim.registry.Param.schedule;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Hyperparameter;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.schedule.Schedule;
import java.util.List;

/**
 * An optimizer in one file: signSGD with momentum, "Signum" (Bernstein, Wang, Azizzadenesheli
 * &amp; Anandkumar, "signSGD: Compressed optimisation for non-convex problems", ICML 2018):
 * <pre>  m ← β·m + (1 − β)·g,   x ← x − η_t·sign(m).</pre>
 * The whole step is this one {@link Transform}, so it leaves the final update u = −η_t·sign(m) that
 * the run loop adds to x. Its hyperparameters are declared once, in {@link #COMPONENT}: those
 * declarations validate a spec's values, and feed the JSON Schema and {@code curvature list} once
 * the component is registered. (The library registers the same method as {@code sign_sgd}, built
 * from a chain of standard transforms; {@code SignumTest} checks that the two agree.)
 */
public final class Signum implements Transform {

    /**
     * The registration: name, summary, reference, typed parameter declarations, builder. A module
     * passes it to {@code registries.optimizers().register(...)} in its {@code Contributions}.
     */
    public static final Component<Transform> COMPONENT = new Component<>("signum",
            "signSGD with momentum: x ← x − η·sign(m), m ← βm + (1 − β)g",
            "Bernstein et al., signSGD: Compressed optimisation for non-convex problems, ICML 2018",
            List.of(schedule("lr", 0.01).nonNegative().symbol("η").doc("learning rate"),
                    number("beta", 0.9).unit().symbol("β").doc("momentum factor (0: plain signSGD)")),
            h -> new Signum(h.schedule("lr"), h.number("beta")));

    private final Hyperparameter lr;
    private final double beta;

    /**
     * Signum with learning rate {@code lr} (a constant or a schedule) and momentum {@code beta}.
     * The constructor checks the ranges again, so an object built by hand is as safe as one built
     * from a spec; a varying {@code lr} is checked at every step.
     */
    public Signum(Schedule lr, double beta) {
        this.lr = Hyperparameter.nonNegative("signum", "lr", lr);
        this.beta = Check.unitInterval("signum", "beta", beta);
    }

    @Override
    public String name() {
        return "signum";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        // All mutable data live in the state, so that it snapshots and restores with the run.
        State s = new State(name());
        s.addBuffer("m", params.zerosLike(stateDType));
        s.addScalar("count", 0);
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        long count = (long) state.scalar("count");
        double eta = lr.value(count, ctx);
        ctx.metric("lr", eta);
        Blocks m = state.buffer("m");
        for (int k = 0, nb = updates.count(); k < nb; k++) {
            Tensor g = updates.tensor(k);
            Tensor mk = m.tensor(k);
            for (int i = 0, n = g.size(); i < n; i++) {
                double mi = beta * mk.getFlat(i) + (1 - beta) * g.getFlat(i);
                mk.setFlat(i, mi);
                g.setFlat(i, -eta * Math.signum(mi));
            }
        }
        state.setScalar("count", count + 1);
    }

    @Override
    public String toString() {
        return "signum(" + lr + ", beta=" + beta + ")";
    }
}
