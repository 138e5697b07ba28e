package dev.curvature.optim;

import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.transform.Momentum;
import java.util.Locale;

/**
 * The building-block transformations by name, for chains written in experiment specs
 * ({@code chain: [{name: clip_by_global_norm, max_norm: 1}, {name: scale_by_adam}, ...]}).
 * Whole optimizers are in {@link OptimizerRegistry}.
 */
public final class TransformRegistry {
    private static final Hyperparameters.Required NUMBER = new Hyperparameters.Required("a number");
    private static final Hyperparameters.Required SCHEDULE = new Hyperparameters.Required("a number or a schedule");

    /** The registry. */
    public static final Registry<Transform> TRANSFORMS = new Registry<Transform>("transforms")
            .register(new Component<>("scale", "u ← c·u", "optax.scale", params("factor", NUMBER),
                    h -> Transforms.scale(h.number("factor"))))
            .register(new Component<>("scale_by_learning_rate", "u ← −η_t·u", "optax.scale_by_learning_rate",
                    params("lr", SCHEDULE), h -> Transforms.scaleByLearningRate(h.schedule("lr"))))
            .register(new Component<>("scale_by_schedule", "u ← s_t·u", "optax.scale_by_schedule",
                    params("schedule", SCHEDULE), h -> Transforms.scaleBySchedule(h.schedule("schedule"))))
            .register(new Component<>("momentum", "heavy-ball / Nesterov momentum (convention trace, torch or ema)",
                    "Polyak 1964; Sutskever et al., ICML 2013",
                    params("beta", 0.9, "nesterov", false, "convention", "trace", "dampening", 0.0),
                    h -> Transforms.momentum(h.schedule("beta"), h.flag("nesterov"), convention(h.text("convention")),
                            h.number("dampening"))))
            .register(new Component<>("scale_by_adam", "m̂/(√v̂ + ε)", "Kingma & Ba, ICLR 2015",
                    params("b1", 0.9, "b2", 0.999, "eps", 1e-8),
                    h -> Transforms.scaleByAdam(h.number("b1"), h.number("b2"), h.number("eps"))))
            .register(new Component<>("scale_by_adagrad", "g/(√Σg² + ε)", "Duchi, Hazan & Singer, JMLR 2011",
                    params("initial_accumulator", 0.0, "eps", 1e-10),
                    h -> Transforms.scaleByAdagrad(h.number("initial_accumulator"), h.number("eps"))))
            .register(new Component<>("scale_by_adagrad_norm", "g/b_t, b_t² = b_{t−1}² + ‖g‖²",
                    "Ward, Wu & Bottou, ICML 2019", params("b0", 0.01),
                    h -> Transforms.scaleByAdagradNorm(h.number("b0"))))
            .register(new Component<>("scale_by_rms", "g/(√v + ε), optionally centered", "Tieleman & Hinton 2012",
                    params("alpha", 0.99, "eps", 1e-8, "centered", false),
                    h -> Transforms.scaleByRms(h.number("alpha"), h.number("eps"), h.flag("centered"))))
            .register(new Component<>("scale_by_sign", "sign(u)", "Bernstein et al., ICML 2018", params(),
                    h -> Transforms.scaleBySign()))
            .register(new Component<>("scale_by_lion", "sign(β1·m + (1 − β1)·g)", "Chen et al., NeurIPS 2023",
                    params("b1", 0.9, "b2", 0.99), h -> Transforms.scaleByLion(h.number("b1"), h.number("b2"))))
            .register(new Component<>("normalize_by_global_norm", "u/‖u‖", "normalized gradient descent", params(),
                    h -> Transforms.normalizeByGlobalNorm()))
            .register(new Component<>("clip_by_global_norm", "u·min(1, c/‖u‖)", "optax.clip_by_global_norm",
                    params("max_norm", NUMBER), h -> Transforms.clipByGlobalNorm(h.number("max_norm"))))
            .register(new Component<>("clip_by_value", "clamp(u, −c, c)", "optax.clip", params("max_value", NUMBER),
                    h -> Transforms.clipByValue(h.number("max_value"))))
            .register(new Component<>("add_decayed_weights", "u ← u + λ_t·x", "Loshchilov & Hutter, ICLR 2019",
                    params("weight_decay", SCHEDULE), h -> Transforms.addDecayedWeights(h.schedule("weight_decay"))));

    private TransformRegistry() {}

    private static Momentum.Convention convention(String s) {
        try {
            return Momentum.Convention.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("momentum: convention = " + s + " is not one of trace, torch, ema");
        }
    }
}
