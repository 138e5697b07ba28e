package dev.curvature.optim;

import static dev.curvature.optim.registry.Param.flag;
import static dev.curvature.optim.registry.Param.number;
import static dev.curvature.optim.registry.Param.schedule;

import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.schedule.Schedules;
import java.util.List;

/**
 * The classical optimizers by name, with their declared hyperparameters and references
 * ({@link #register}); {@code curvature list optimizers} prints them and experiment specs name
 * them. The saddle-escape and spectral families register themselves next to them
 * ({@link dev.curvature.optim.contrib.OptimContributions}). The static lookups read {@link Registries#standard()}.
 */
public final class OptimizerRegistry {
    private OptimizerRegistry() {}

    /** Learning rate η ≥ 0, a number or a schedule. */
    static Param lr(double dflt) {
        return schedule("lr", dflt).nonNegative().symbol("η").doc("learning rate (step size)");
    }

    /** Weight decay λ ≥ 0, a number or a schedule. */
    static Param weightDecay(double dflt) {
        return schedule("weight_decay", dflt).nonNegative().symbol("λ").doc("weight decay coefficient");
    }

    private static Param eps(double dflt) {
        return number("eps", dflt).nonNegative().symbol("ε").doc("added to the denominator for stability");
    }

    private static Param b1(double dflt) {
        return number("b1", dflt).unit().symbol("β₁").doc("decay rate of the first moment");
    }

    private static Param b2(double dflt) {
        return number("b2", dflt).unit().symbol("β₂").doc("decay rate of the second moment");
    }

    /** Registers gd, sgd, adam, adamw, adagrad, adagrad_norm, rmsprop, lion, sign_sgd and normalized_gd. */
    public static void register(Registry<Transform> r) {
        r.register(new Component<>("gd", "gradient descent x ← x − η∇f(x)", "Cauchy (1847)",
                List.of(lr(0.01)),
                h -> Optimizers.sgd(h.schedule("lr"), Schedules.constant(0), false, 0, Schedules.constant(0))));
        r.register(new Component<>("sgd", "SGD with heavy-ball or Nesterov momentum and L2 weight decay (torch.optim.SGD)",
                "Polyak (1964); Sutskever et al., ICML 2013; torch.optim.SGD",
                List.of(lr(0.01),
                        schedule("momentum", 0.9).unit().symbol("μ").doc("momentum factor (0: none)"),
                        flag("nesterov", false).doc("Nesterov momentum (needs momentum > 0)"),
                        number("dampening", 0.0).between(0, 1).symbol("τ").doc("dampening of the momentum"),
                        weightDecay(0.0)),
                h -> Optimizers.sgd(h.schedule("lr"), h.schedule("momentum"), h.flag("nesterov"),
                        h.number("dampening"), h.schedule("weight_decay"))));
        r.register(new Component<>("adam", "Adam with bias correction and L2 weight decay (torch.optim.Adam)",
                "Kingma & Ba, Adam: A method for stochastic optimization, ICLR 2015",
                List.of(lr(1e-3), b1(0.9), b2(0.999), eps(1e-8), weightDecay(0.0)),
                h -> Optimizers.adam(h.schedule("lr"), h.number("b1"), h.number("b2"), h.number("eps"),
                        h.schedule("weight_decay"))));
        r.register(new Component<>("adamw", "Adam with decoupled weight decay (torch.optim.AdamW)",
                "Loshchilov & Hutter, Decoupled weight decay regularization, ICLR 2019",
                List.of(lr(1e-3), b1(0.9), b2(0.999), eps(1e-8), weightDecay(0.01)),
                h -> Optimizers.adamw(h.schedule("lr"), h.number("b1"), h.number("b2"), h.number("eps"),
                        h.schedule("weight_decay"))));
        r.register(new Component<>("adagrad", "AdaGrad, per-coordinate steps η/√Σg² (torch.optim.Adagrad)",
                "Duchi, Hazan & Singer, Adaptive subgradient methods, JMLR 2011",
                List.of(lr(0.01),
                        number("initial_accumulator", 0.0).nonNegative().doc("initial value of Σg²"),
                        eps(1e-10), weightDecay(0.0)),
                h -> Optimizers.adagrad(h.schedule("lr"), h.number("initial_accumulator"), h.number("eps"),
                        h.schedule("weight_decay"))));
        r.register(new Component<>("adagrad_norm", "AdaGrad-Norm, one adaptive scalar step η/b_t",
                "Ward, Wu & Bottou, AdaGrad stepsizes: sharp convergence over nonconvex landscapes, ICML 2019",
                List.of(lr(1.0), number("b0", 0.01).positive().symbol("b₀").doc("initial accumulator b_0")),
                h -> Optimizers.adagradNorm(h.schedule("lr"), h.number("b0"))));
        r.register(new Component<>("rmsprop", "RMSProp with optional momentum and centering (torch.optim.RMSprop)",
                "Tieleman & Hinton, Lecture 6.5, COURSERA: Neural networks for machine learning, 2012",
                List.of(lr(0.01),
                        number("alpha", 0.99).unit().symbol("α").doc("decay rate of the squared-gradient average"),
                        eps(1e-8),
                        schedule("momentum", 0.0).unit().symbol("μ").doc("momentum factor (0: none)"),
                        flag("centered", false).doc("divide by the variance estimate instead of the second moment"),
                        weightDecay(0.0)),
                h -> Optimizers.rmsprop(h.schedule("lr"), h.number("alpha"), h.number("eps"), h.schedule("momentum"),
                        h.flag("centered"), h.schedule("weight_decay"))));
        r.register(new Component<>("lion", "Lion, sign of an interpolated momentum, decoupled weight decay",
                "Chen et al., Symbolic discovery of optimization algorithms, NeurIPS 2023",
                List.of(lr(1e-4),
                        number("b1", 0.9).unit().symbol("β₁").doc("interpolation factor of the update"),
                        number("b2", 0.99).unit().symbol("β₂").doc("decay rate of the momentum"),
                        weightDecay(0.0)),
                h -> Optimizers.lion(h.schedule("lr"), h.number("b1"), h.number("b2"), h.schedule("weight_decay"))));
        r.register(new Component<>("sign_sgd", "signSGD, or Signum with momentum > 0",
                "Bernstein et al., signSGD: Compressed optimisation for non-convex problems, ICML 2018",
                List.of(lr(0.01), schedule("momentum", 0.0).unit().symbol("β").doc("momentum factor (0: signSGD)")),
                h -> Optimizers.signSgd(h.schedule("lr"), h.schedule("momentum"))));
        r.register(new Component<>("normalized_gd", "normalized gradient descent x ← x − η∇f/‖∇f‖",
                "Nesterov, Introductory lectures on convex optimization (2004), §3.2.3",
                List.of(lr(0.01)),
                h -> Optimizers.normalizedGd(h.schedule("lr"))));
    }

    /** True when a standard optimizer has this name. */
    public static boolean contains(String name) {
        return Registries.standard().optimizers().contains(name);
    }

    /** The standard optimizer named {@code name}; an unknown name lists the known ones. */
    public static Component<Transform> get(String name) {
        return Registries.standard().optimizers().get(name);
    }

    /** All standard optimizers in registration order. */
    public static List<Component<Transform>> all() {
        return Registries.standard().optimizers().all();
    }
}
