package dev.curvature.optim;

import static dev.curvature.optim.registry.Param.choice;
import static dev.curvature.optim.registry.Param.flag;
import static dev.curvature.optim.registry.Param.number;
import static dev.curvature.optim.registry.Param.schedule;

import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.transform.Momentum;
import java.util.List;
import java.util.Locale;

/**
 * The building-block transformations by name, for chains written in experiment specs
 * ({@code chain: [{name: clip_by_global_norm, max_norm: 1}, {name: scale_by_adam}, ...]}).
 * Whole optimizers are in {@link OptimizerRegistry}; {@link #register} adds these to a registry.
 */
public final class TransformRegistry {

    /** Registers the transforms, from scale to add_decayed_weights. */
    public static void register(Registry<Transform> r) {
        r.register(new Component<>("scale", "u ← c·u", "optax.scale",
                List.of(number("factor").finite().symbol("c").doc("the factor")),
                h -> Transforms.scale(h.number("factor"))));
        r.register(new Component<>("scale_by_learning_rate", "u ← −η_t·u", "optax.scale_by_learning_rate",
                List.of(schedule("lr").nonNegative().symbol("η").doc("learning rate")),
                h -> Transforms.scaleByLearningRate(h.schedule("lr"))));
        r.register(new Component<>("scale_by_schedule", "u ← s_t·u", "optax.scale_by_schedule",
                List.of(schedule("schedule").finite().symbol("s_t").doc("the factor at each step")),
                h -> Transforms.scaleBySchedule(h.schedule("schedule"))));
        r.register(new Component<>("momentum", "heavy-ball / Nesterov momentum (convention trace, torch or ema)",
                "Polyak 1964; Sutskever et al., ICML 2013",
                List.of(schedule("beta", 0.9).unit().symbol("β").doc("momentum factor"),
                        flag("nesterov", false).doc("Nesterov's look-ahead form"),
                        choice("convention", "trace", "trace", "torch", "ema")
                                .doc("m ← βm + u (trace), βm + (1 − τ)u (torch) or βm + (1 − β)u (ema)"),
                        number("dampening", 0.0).between(0, 1).symbol("τ").doc("dampening of the torch convention")),
                h -> Transforms.momentum(h.schedule("beta"), h.flag("nesterov"), convention(h.text("convention")),
                        h.number("dampening"))));
        r.register(new Component<>("scale_by_adam", "m̂/(√v̂ + ε)", "Kingma & Ba, ICLR 2015",
                List.of(number("b1", 0.9).unit().symbol("β₁").doc("decay rate of the first moment"),
                        number("b2", 0.999).unit().symbol("β₂").doc("decay rate of the second moment"),
                        number("eps", 1e-8).nonNegative().symbol("ε").doc("added to the denominator")),
                h -> Transforms.scaleByAdam(h.number("b1"), h.number("b2"), h.number("eps"))));
        r.register(new Component<>("scale_by_adagrad", "g/(√Σg² + ε)", "Duchi, Hazan & Singer, JMLR 2011",
                List.of(number("initial_accumulator", 0.0).nonNegative().doc("initial value of Σg²"),
                        number("eps", 1e-10).nonNegative().symbol("ε").doc("added to the denominator")),
                h -> Transforms.scaleByAdagrad(h.number("initial_accumulator"), h.number("eps"))));
        r.register(new Component<>("scale_by_adagrad_norm", "g/b_t, b_t² = b_{t−1}² + ‖g‖²",
                "Ward, Wu & Bottou, ICML 2019",
                List.of(number("b0", 0.01).positive().symbol("b₀").doc("initial accumulator b_0")),
                h -> Transforms.scaleByAdagradNorm(h.number("b0"))));
        r.register(new Component<>("scale_by_rms", "g/(√v + ε), optionally centered", "Tieleman & Hinton 2012",
                List.of(number("alpha", 0.99).unit().symbol("α").doc("decay rate of the squared-gradient average"),
                        number("eps", 1e-8).nonNegative().symbol("ε").doc("added to the denominator"),
                        flag("centered", false).doc("divide by the variance estimate")),
                h -> Transforms.scaleByRms(h.number("alpha"), h.number("eps"), h.flag("centered"))));
        r.register(new Component<>("scale_by_sign", "sign(u)", "Bernstein et al., ICML 2018", List.of(),
                h -> Transforms.scaleBySign()));
        r.register(new Component<>("scale_by_lion", "sign(β1·m + (1 − β1)·g)", "Chen et al., NeurIPS 2023",
                List.of(number("b1", 0.9).unit().symbol("β₁").doc("interpolation factor of the update"),
                        number("b2", 0.99).unit().symbol("β₂").doc("decay rate of the momentum")),
                h -> Transforms.scaleByLion(h.number("b1"), h.number("b2"))));
        r.register(new Component<>("normalize_by_global_norm", "u/‖u‖", "normalized gradient descent", List.of(),
                h -> Transforms.normalizeByGlobalNorm()));
        r.register(new Component<>("clip_by_global_norm", "u·min(1, c/‖u‖)", "optax.clip_by_global_norm",
                List.of(number("max_norm").positive().symbol("c").doc("largest global norm of the update")),
                h -> Transforms.clipByGlobalNorm(h.number("max_norm"))));
        r.register(new Component<>("clip_by_value", "clamp(u, −c, c)", "optax.clip",
                List.of(number("max_value").positive().symbol("c").doc("largest magnitude of an element")),
                h -> Transforms.clipByValue(h.number("max_value"))));
        r.register(new Component<>("add_decayed_weights", "u ← u + λ_t·x", "Loshchilov & Hutter, ICLR 2019",
                List.of(schedule("weight_decay").nonNegative().symbol("λ").doc("weight decay coefficient")),
                h -> Transforms.addDecayedWeights(h.schedule("weight_decay"))));
    }

    private TransformRegistry() {}

    private static Momentum.Convention convention(String s) {
        try {
            return Momentum.Convention.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HyperparameterException("momentum", "convention", "momentum: convention = " + s + " is not one of trace, torch, ema");
        }
    }
}
