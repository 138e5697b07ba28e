package dev.curvature.optim;

import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.schedule.Schedules;
import java.util.List;

/**
 * Optimizers by name, with defaults and references; {@code curvature list optimizers} prints it
 * and experiment specs name optimizers through it. Modules that add optimizers (saddle escape,
 * the Muon family) register them in {@link #OPTIMIZERS}.
 */
public final class OptimizerRegistry {
    /** The registry. */
    public static final Registry<Transform> OPTIMIZERS = new Registry<>("optimizers");

    static {
        OPTIMIZERS.register(new Component<>("gd", "gradient descent x ← x − η∇f(x)", "Cauchy (1847)",
                params("lr", 0.01),
                h -> Optimizers.sgd(h.schedule("lr"), Schedules.constant(0), false, 0, Schedules.constant(0))));
        OPTIMIZERS.register(new Component<>("sgd", "SGD with heavy-ball or Nesterov momentum and L2 weight decay (torch.optim.SGD)",
                "Polyak (1964); Sutskever et al., ICML 2013; torch.optim.SGD",
                params("lr", 0.01, "momentum", 0.9, "nesterov", false, "dampening", 0.0, "weight_decay", 0.0),
                h -> Optimizers.sgd(h.schedule("lr"), h.schedule("momentum"), h.flag("nesterov"),
                        h.number("dampening"), h.schedule("weight_decay"))));
        OPTIMIZERS.register(new Component<>("adam", "Adam with bias correction and L2 weight decay (torch.optim.Adam)",
                "Kingma & Ba, Adam: A method for stochastic optimization, ICLR 2015",
                params("lr", 1e-3, "b1", 0.9, "b2", 0.999, "eps", 1e-8, "weight_decay", 0.0),
                h -> Optimizers.adam(h.schedule("lr"), h.number("b1"), h.number("b2"), h.number("eps"),
                        h.schedule("weight_decay"))));
        OPTIMIZERS.register(new Component<>("adamw", "Adam with decoupled weight decay (torch.optim.AdamW)",
                "Loshchilov & Hutter, Decoupled weight decay regularization, ICLR 2019",
                params("lr", 1e-3, "b1", 0.9, "b2", 0.999, "eps", 1e-8, "weight_decay", 0.01),
                h -> Optimizers.adamw(h.schedule("lr"), h.number("b1"), h.number("b2"), h.number("eps"),
                        h.schedule("weight_decay"))));
        OPTIMIZERS.register(new Component<>("adagrad", "AdaGrad, per-coordinate steps η/√Σg² (torch.optim.Adagrad)",
                "Duchi, Hazan & Singer, Adaptive subgradient methods, JMLR 2011",
                params("lr", 0.01, "initial_accumulator", 0.0, "eps", 1e-10, "weight_decay", 0.0),
                h -> Optimizers.adagrad(h.schedule("lr"), h.number("initial_accumulator"), h.number("eps"),
                        h.schedule("weight_decay"))));
        OPTIMIZERS.register(new Component<>("adagrad_norm", "AdaGrad-Norm, one adaptive scalar step η/b_t",
                "Ward, Wu & Bottou, AdaGrad stepsizes: sharp convergence over nonconvex landscapes, ICML 2019",
                params("lr", 1.0, "b0", 0.01),
                h -> Optimizers.adagradNorm(h.schedule("lr"), h.number("b0"))));
        OPTIMIZERS.register(new Component<>("rmsprop", "RMSProp with optional momentum and centering (torch.optim.RMSprop)",
                "Tieleman & Hinton, Lecture 6.5, COURSERA: Neural networks for machine learning, 2012",
                params("lr", 0.01, "alpha", 0.99, "eps", 1e-8, "momentum", 0.0, "centered", false, "weight_decay", 0.0),
                h -> Optimizers.rmsprop(h.schedule("lr"), h.number("alpha"), h.number("eps"), h.schedule("momentum"),
                        h.flag("centered"), h.schedule("weight_decay"))));
        OPTIMIZERS.register(new Component<>("lion", "Lion, sign of an interpolated momentum, decoupled weight decay",
                "Chen et al., Symbolic discovery of optimization algorithms, NeurIPS 2023",
                params("lr", 1e-4, "b1", 0.9, "b2", 0.99, "weight_decay", 0.0),
                h -> Optimizers.lion(h.schedule("lr"), h.number("b1"), h.number("b2"), h.schedule("weight_decay"))));
        OPTIMIZERS.register(new Component<>("sign_sgd", "signSGD, or Signum with momentum > 0",
                "Bernstein et al., signSGD: Compressed optimisation for non-convex problems, ICML 2018",
                params("lr", 0.01, "momentum", 0.0),
                h -> Optimizers.signSgd(h.schedule("lr"), h.schedule("momentum"))));
        OPTIMIZERS.register(new Component<>("normalized_gd", "normalized gradient descent x ← x − η∇f/‖∇f‖",
                "Nesterov, Introductory lectures on convex optimization (2004), §3.2.3",
                params("lr", 0.01),
                h -> Optimizers.normalizedGd(h.schedule("lr"))));
        dev.curvature.optim.saddle.SaddleOptimizers.registerAll(OPTIMIZERS);
        dev.curvature.optim.spectral.SpectralOptimizers.register(OPTIMIZERS);
    }

    private OptimizerRegistry() {}

    /** True when an optimizer has this name. */
    public static boolean contains(String name) {
        return OPTIMIZERS.contains(name);
    }

    /** The optimizer named {@code name}; an unknown name lists the known ones. */
    public static Component<Transform> get(String name) {
        return OPTIMIZERS.get(name);
    }

    /** All optimizers in registration order. */
    public static List<Component<Transform>> all() {
        return OPTIMIZERS.all();
    }
}
