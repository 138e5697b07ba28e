package dev.curvature.optim;

import dev.curvature.optim.schedule.Schedules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimizers by name, with defaults and references; {@code curvature list optimizers} prints it
 * and experiment specs name optimizers through it. Modules that add optimizers (saddle escape,
 * the Muon family) register them with {@link #register}.
 */
public final class OptimizerRegistry {
    private static final Map<String, OptimizerInfo> ENTRIES = new LinkedHashMap<>();

    static {
        register(new OptimizerInfo("gd", "gradient descent x ← x − η∇f(x)", "Cauchy (1847)",
                ordered("lr", 0.01),
                h -> Optimizers.sgd(h.schedule("lr"), Schedules.constant(0), false, 0, Schedules.constant(0))));
        register(new OptimizerInfo("sgd", "SGD with heavy-ball or Nesterov momentum and L2 weight decay (torch.optim.SGD)",
                "Polyak (1964); Sutskever et al., ICML 2013; torch.optim.SGD",
                ordered("lr", 0.01, "momentum", 0.9, "nesterov", false, "dampening", 0.0, "weight_decay", 0.0),
                h -> Optimizers.sgd(h.schedule("lr"), h.schedule("momentum"), h.flag("nesterov"),
                        h.number("dampening"), h.schedule("weight_decay"))));
        register(new OptimizerInfo("adam", "Adam with bias correction and L2 weight decay (torch.optim.Adam)",
                "Kingma & Ba, Adam: A method for stochastic optimization, ICLR 2015",
                ordered("lr", 1e-3, "b1", 0.9, "b2", 0.999, "eps", 1e-8, "weight_decay", 0.0),
                h -> Optimizers.adam(h.schedule("lr"), h.number("b1"), h.number("b2"), h.number("eps"),
                        h.schedule("weight_decay"))));
        register(new OptimizerInfo("adamw", "Adam with decoupled weight decay (torch.optim.AdamW)",
                "Loshchilov & Hutter, Decoupled weight decay regularization, ICLR 2019",
                ordered("lr", 1e-3, "b1", 0.9, "b2", 0.999, "eps", 1e-8, "weight_decay", 0.01),
                h -> Optimizers.adamw(h.schedule("lr"), h.number("b1"), h.number("b2"), h.number("eps"),
                        h.schedule("weight_decay"))));
        register(new OptimizerInfo("adagrad", "AdaGrad, per-coordinate steps η/√Σg² (torch.optim.Adagrad)",
                "Duchi, Hazan & Singer, Adaptive subgradient methods, JMLR 2011",
                ordered("lr", 0.01, "initial_accumulator", 0.0, "eps", 1e-10, "weight_decay", 0.0),
                h -> Optimizers.adagrad(h.schedule("lr"), h.number("initial_accumulator"), h.number("eps"),
                        h.schedule("weight_decay"))));
        register(new OptimizerInfo("adagrad_norm", "AdaGrad-Norm, one adaptive scalar step η/b_t",
                "Ward, Wu & Bottou, AdaGrad stepsizes: sharp convergence over nonconvex landscapes, ICML 2019",
                ordered("lr", 1.0, "b0", 0.01),
                h -> Optimizers.adagradNorm(h.schedule("lr"), h.number("b0"))));
        register(new OptimizerInfo("rmsprop", "RMSProp with optional momentum and centering (torch.optim.RMSprop)",
                "Tieleman & Hinton, Lecture 6.5, COURSERA: Neural networks for machine learning, 2012",
                ordered("lr", 0.01, "alpha", 0.99, "eps", 1e-8, "momentum", 0.0, "centered", false, "weight_decay", 0.0),
                h -> Optimizers.rmsprop(h.schedule("lr"), h.number("alpha"), h.number("eps"), h.schedule("momentum"),
                        h.flag("centered"), h.schedule("weight_decay"))));
        register(new OptimizerInfo("lion", "Lion, sign of an interpolated momentum, decoupled weight decay",
                "Chen et al., Symbolic discovery of optimization algorithms, NeurIPS 2023",
                ordered("lr", 1e-4, "b1", 0.9, "b2", 0.99, "weight_decay", 0.0),
                h -> Optimizers.lion(h.schedule("lr"), h.number("b1"), h.number("b2"), h.schedule("weight_decay"))));
        register(new OptimizerInfo("sign_sgd", "signSGD, or Signum with momentum > 0",
                "Bernstein et al., signSGD: Compressed optimisation for non-convex problems, ICML 2018",
                ordered("lr", 0.01, "momentum", 0.0),
                h -> Optimizers.signSgd(h.schedule("lr"), h.schedule("momentum"))));
        register(new OptimizerInfo("normalized_gd", "normalized gradient descent x ← x − η∇f/‖∇f‖",
                "Nesterov, Introductory lectures on convex optimization (2004), §3.2.3",
                ordered("lr", 0.01),
                h -> Optimizers.normalizedGd(h.schedule("lr"))));
    }

    private OptimizerRegistry() {}

    /** Adds an optimizer; its name must be new. */
    public static synchronized void register(OptimizerInfo info) {
        if (ENTRIES.putIfAbsent(info.name(), info) != null) {
            throw new IllegalArgumentException("optimizer '" + info.name() + "' is already registered");
        }
    }

    /** The optimizer named {@code name}. */
    public static synchronized OptimizerInfo get(String name) {
        OptimizerInfo info = ENTRIES.get(name);
        if (info == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "' (known: "
                    + String.join(", ", ENTRIES.keySet()) + ")");
        }
        return info;
    }

    /** All registered optimizers in registration order. */
    public static synchronized Collection<OptimizerInfo> all() {
        return Collections.unmodifiableCollection(new ArrayList<>(ENTRIES.values()));
    }

    /** An insertion-ordered map from alternating keys and values. */
    public static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
