package dev.curvature.optim.contract;

import dev.curvature.optim.schedule.Schedules;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongToDoubleFunction;

/**
 * The contract table: for every registered optimizer, what the contract tests need to know about
 * it (in the spirit of PyTorch's {@code OptimizerInfo}). An entry gives
 * <ul>
 *   <li>the defaults the registry must list;</li>
 *   <li>hyperparameters that reach the minimizer of {@code TestQuadratic} within a number of steps;</li>
 *   <li>complete hyperparameter sets for the first-steps check, and an independent scalar
 *       reference implementation of the update rule, written from the published formulas in
 *       plain double loops over the flattened parameters, for any shape of the matrix block and
 *       a learning rate that changes from step to step;</li>
 *   <li>invalid hyperparameters with the exact message they must be rejected with.</li>
 * </ul>
 * A registered optimizer without an entry fails the contract suite.
 */
public final class OptimizerTable {
    private OptimizerTable() {}

    /** One step of a reference implementation: x ← x + u_t(g) at update count t (from 0), keeping its own state. */
    public interface Reference {
        void step(long t, double[] x, double[] g);
    }

    /**
     * The flat layout of {@code TestQuadratic} with a {@code rows}×{@code cols} matrix block: the
     * vector w (elements 0–4), W row-major from {@link #w0()}, the bias b (3 elements) from {@link #b0()}.
     */
    public record Shape(int rows, int cols) {
        /** The contract's first layout: a wide 3×4 W. */
        public static final Shape WIDE = new Shape(3, 4);
        /** A tall 7×3 W, where the spectral methods' orientation and aspect-ratio rules differ from the wide case. */
        public static final Shape TALL = new Shape(7, 3);

        /** First element of W. */
        public int w0() {
            return 5;
        }

        /** Elements of W. */
        public int matrixSize() {
            return rows * cols;
        }

        /** First element of b. */
        public int b0() {
            return w0() + matrixSize();
        }

        /** All elements. */
        public int size() {
            return b0() + 3;
        }

        /** W's elements of a flat vector, as a rows×cols matrix. */
        public double[][] matrix(double[] flat) {
            double[][] a = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, w0() + i * cols, a[i], 0, cols);
            }
            return a;
        }

        /** Index of W's element (i, j) in the flat vector. */
        public int at(int i, int j) {
            return w0() + i * cols + j;
        }
    }

    /**
     * A learning rate given to the registry as the {@code warmup_cosine} schedule (linear from
     * {@code init} to {@code peak} over {@code warmup} updates, then a half cosine to {@code end}
     * at {@code total}, then {@code end}); the reference reads η_t from {@link #at}, written out
     * from optax's {@code warmup_cosine_decay_schedule} formula, not from the library's schedule.
     */
    public record WarmupCosineLr(double init, double peak, long warmup, long total, double end) {
        /** η_t at update count t. */
        public double at(long t) {
            if (t < warmup) {
                return init + (peak - init) * t / warmup;
            }
            if (t >= total) {
                return end;
            }
            return end + (peak - end) * (1 + Math.cos(Math.PI * (t - warmup) / (total - warmup))) / 2;
        }

        /** The schedule's parameters as a spec names them. */
        public Map<String, Object> config() {
            return map("init", init, "peak", peak, "warmup", warmup, "total", total, "end", end);
        }
    }

    /** An invalid hyperparameter set and the exact message it must be rejected with. */
    public record Invalid(Map<String, Object> overrides, String message) {}

    /**
     * One optimizer's row of the table.
     *
     * @param defaults      the defaults the registry must list
     * @param converge      overrides that converge on the test quadratic
     * @param convergeSteps steps allowed for that
     * @param convergeTol   required distance ‖x − x*‖ after them (both dtypes)
     * @param stepConfigs   complete hyperparameter sets (every key) for the first-steps check
     * @param reference     builds the reference implementation for one complete set
     * @param invalid       rejected sets
     */
    public record Spec(String name, Map<String, Object> defaults, Map<String, Object> converge, int convergeSteps,
                       double convergeTol, List<Map<String, Object>> stepConfigs,
                       Function<Hp, Reference> reference, List<Invalid> invalid) {}

    /**
     * Typed read access to a complete hyperparameter set, and the shape of the matrix block the
     * reference runs on; a missing key is a table error.
     */
    public record Hp(Map<String, Object> values, Shape shape) {
        public double num(String key) {
            return ((Number) require(key)).doubleValue();
        }

        /** η_t of a learning-rate key: a number is constant, a {@link WarmupCosineLr} follows its formula. */
        public LongToDoubleFunction rate(String key) {
            Object v = require(key);
            if (v instanceof WarmupCosineLr s) {
                return s::at;
            }
            double c = ((Number) v).doubleValue();
            return t -> c;
        }

        public boolean flag(String key) {
            return (Boolean) require(key);
        }

        private Object require(String key) {
            Object v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("table config lacks '" + key + "': " + values);
            }
            return v;
        }
    }

    /** The table, by optimizer name. */
    public static final Map<String, Spec> SPECS = build();

    private static Map<String, Spec> build() {
        Map<String, Spec> m = new LinkedHashMap<>();
        add(m, new Spec("gd", map("lr", 0.01),
                map("lr", 0.3), 120, 1e-5,
                List.of(map("lr", 0.1), map("lr", 0.37)),
                OptimizerTable::gd,
                List.of(invalid(map("lr", -0.1), "gd: lr = -0.1 is outside [0, ∞)"),
                        invalid(map("lr", Double.NaN), "gd: lr must be a finite number in [0, ∞), got NaN"),
                        invalid(map("lr", "fast"), "gd: lr must be a number or a schedule, got fast (String)"),
                        invalid(map("momentum", 0.9), "gd: unknown hyperparameter 'momentum' (known: lr)"))));
        add(m, new Spec("sgd",
                map("lr", 0.01, "momentum", 0.9, "nesterov", false, "dampening", 0.0, "weight_decay", 0.0),
                map("lr", 0.1, "momentum", 0.5), 150, 1e-5,
                List.of(sgd(0.05, 0.9, false, 0.0, 0.0), sgd(0.05, 0.9, true, 0.0, 0.0),
                        sgd(0.05, 0.8, false, 0.3, 0.0), sgd(0.05, 0.7, false, 0.0, 0.1),
                        sgd(0.05, 0.7, true, 0.0, 0.1), sgd(0.05, 0.0, false, 0.0, 0.2)),
                OptimizerTable::sgd,
                List.of(invalid(map("momentum", 1.0), "sgd: momentum = 1.0 is outside [0, 1)"),
                        invalid(map("momentum", -0.5), "sgd: momentum = -0.5 is outside [0, 1)"),
                        invalid(map("dampening", 1.5), "sgd: dampening = 1.5 is outside [0, 1]"),
                        invalid(map("nesterov", true, "momentum", 0.0), "sgd: nesterov = true needs momentum > 0"),
                        invalid(map("nesterov", true, "dampening", 0.5),
                                "momentum: nesterov needs dampening = 0, got 0.5"),
                        invalid(map("weight_decay", -1e-4),
                                "sgd: weight_decay = -1.0E-4 is outside [0, ∞)"),
                        invalid(map("lr", -1.0), "sgd: lr = -1.0 is outside [0, ∞)"),
                        invalid(map("nesterov", "yes"), "sgd: nesterov must be true or false, got yes (String)"))));
        add(m, new Spec("adam", map("lr", 1e-3, "b1", 0.9, "b2", 0.999, "eps", 1e-8, "weight_decay", 0.0),
                map("lr", new Schedules.WarmupCosine(0.0, 0.1, 10, 400, 0.0)), 400, 1e-4,
                List.of(adam(0.01, 0.9, 0.999, 1e-8, 0.0), adam(0.02, 0.5, 0.9, 0.1, 0.0),
                        adam(0.01, 0.0, 0.0, 1e-3, 0.05)),
                OptimizerTable::adam,
                List.of(invalid(map("b1", 1.5), "adam: b1 = 1.5 is outside [0, 1)"),
                        invalid(map("b1", -0.1), "adam: b1 = -0.1 is outside [0, 1)"),
                        invalid(map("b2", 1.0), "adam: b2 = 1.0 is outside [0, 1)"),
                        invalid(map("b2", Double.NaN), "adam: b2 must be a finite number in [0, 1), got NaN"),
                        invalid(map("eps", -1e-8), "adam: eps = -1.0E-8 is outside [0, ∞)"),
                        invalid(map("eps", Double.POSITIVE_INFINITY), "adam: eps must be a finite number in [0, ∞), got Infinity"),
                        invalid(map("weight_decay", -0.01),
                                "adam: weight_decay = -0.01 is outside [0, ∞)"),
                        invalid(map("beta1", 0.9),
                                "adam: unknown hyperparameter 'beta1' (known: lr, b1, b2, eps, weight_decay)"))));
        add(m, new Spec("adamw", map("lr", 1e-3, "b1", 0.9, "b2", 0.999, "eps", 1e-8, "weight_decay", 0.01),
                map("lr", new Schedules.WarmupCosine(0.0, 0.1, 10, 400, 0.0), "weight_decay", 0.0), 400, 1e-4,
                List.of(adam(0.01, 0.9, 0.999, 1e-8, 0.01), adam(0.02, 0.8, 0.95, 1e-6, 0.3),
                        adam(0.01, 0.9, 0.999, 0.0, 0.0)),
                OptimizerTable::adamw,
                List.of(invalid(map("b1", 1.5), "adamw: b1 = 1.5 is outside [0, 1)"),
                        invalid(map("b2", 2.0), "adamw: b2 = 2.0 is outside [0, 1)"),
                        invalid(map("eps", -1.0), "adamw: eps = -1.0 is outside [0, ∞)"),
                        invalid(map("weight_decay", -0.01),
                                "adamw: weight_decay = -0.01 is outside [0, ∞)"),
                        invalid(map("lr", -1e-3), "adamw: lr = -0.001 is outside [0, ∞)"))));
        add(m, new Spec("adagrad", map("lr", 0.01, "initial_accumulator", 0.0, "eps", 1e-10, "weight_decay", 0.0),
                map("lr", 0.5), 300, 1e-5,
                List.of(adagrad(0.1, 0.0, 1e-10, 0.0), adagrad(0.2, 0.5, 1e-3, 0.0), adagrad(0.1, 0.1, 1e-10, 0.1)),
                OptimizerTable::adagrad,
                List.of(invalid(map("initial_accumulator", -1.0),
                                "adagrad: initial_accumulator = -1.0 is outside [0, ∞)"),
                        invalid(map("eps", -1e-10), "adagrad: eps = -1.0E-10 is outside [0, ∞)"),
                        invalid(map("weight_decay", -1.0),
                                "adagrad: weight_decay = -1.0 is outside [0, ∞)"))));
        add(m, new Spec("adagrad_norm", map("lr", 1.0, "b0", 0.01),
                map("lr", 1.0), 400, 1e-5,
                List.of(map("lr", 1.0, "b0", 0.01), map("lr", 0.3, "b0", 2.0)),
                OptimizerTable::adagradNorm,
                List.of(invalid(map("b0", 0.0), "adagrad_norm: b0 = 0.0 is outside (0, ∞)"),
                        invalid(map("b0", -1.0), "adagrad_norm: b0 = -1.0 is outside (0, ∞)"),
                        invalid(map("lr", -1.0), "adagrad_norm: lr = -1.0 is outside [0, ∞)"))));
        add(m, new Spec("rmsprop",
                map("lr", 0.01, "alpha", 0.99, "eps", 1e-8, "momentum", 0.0, "centered", false, "weight_decay", 0.0),
                map("lr", new Schedules.WarmupCosine(0.0, 0.05, 10, 400, 0.0)), 400, 1e-4,
                List.of(rmsprop(0.01, 0.99, 1e-8, 0.0, false, 0.0), rmsprop(0.01, 0.9, 1e-6, 0.5, false, 0.0),
                        rmsprop(0.01, 0.9, 1e-8, 0.0, true, 0.0), rmsprop(0.005, 0.8, 1e-4, 0.7, true, 0.1)),
                OptimizerTable::rmsprop,
                List.of(invalid(map("alpha", 1.0), "rmsprop: alpha = 1.0 is outside [0, 1)"),
                        invalid(map("eps", -1.0), "rmsprop: eps = -1.0 is outside [0, ∞)"),
                        invalid(map("momentum", 1.2), "rmsprop: momentum = 1.2 is outside [0, 1)"),
                        invalid(map("centered", 1), "rmsprop: centered must be true or false, got 1 (Integer)"))));
        add(m, new Spec("lion", map("lr", 1e-4, "b1", 0.9, "b2", 0.99, "weight_decay", 0.0),
                map("lr", new Schedules.Exponential(0.1, 0.98, 1, 0, false, Double.NaN)), 800, 1e-4,
                // The large steps overshoot the minimizer, so that the gradient changes sign while the
                // momentum has not: only then does sign(β1·m + (1 − β1)·g) depend on how m is updated.
                List.of(lion(0.01, 0.9, 0.99, 0.0), lion(0.02, 0.5, 0.9, 0.3), lion(0.9, 0.9, 0.99, 0.0),
                        lion(1.1, 0.6, 0.95, 0.1)),
                OptimizerTable::lion,
                List.of(invalid(map("b1", 1.0), "lion: b1 = 1.0 is outside [0, 1)"),
                        invalid(map("b2", -0.5), "lion: b2 = -0.5 is outside [0, 1)"),
                        invalid(map("weight_decay", -0.1),
                                "lion: weight_decay = -0.1 is outside [0, ∞)"))));
        add(m, new Spec("sign_sgd", map("lr", 0.01, "momentum", 0.0),
                map("lr", new Schedules.Exponential(0.05, 0.98, 1, 0, false, Double.NaN)), 600, 1e-4,
                // lr 1.17 overshoots, so sign(m) ≠ sign(g) for some elements at the third step.
                List.of(map("lr", 0.01, "momentum", 0.0), map("lr", 0.02, "momentum", 0.9),
                        map("lr", 1.17, "momentum", 0.5), map("lr", 0.83, "momentum", 0.8)),
                OptimizerTable::signSgd,
                List.of(invalid(map("momentum", 1.0), "sign_sgd: momentum = 1.0 is outside [0, 1)"),
                        invalid(map("lr", -0.01), "sign_sgd: lr = -0.01 is outside [0, ∞)"))));
        add(m, new Spec("normalized_gd", map("lr", 0.01),
                map("lr", new Schedules.Exponential(0.2, 0.97, 1, 0, false, Double.NaN)), 600, 1e-4,
                List.of(map("lr", 0.1), map("lr", 0.5)),
                OptimizerTable::normalizedGd,
                List.of(invalid(map("lr", -0.01), "normalized_gd: lr = -0.01 is outside [0, ∞)"),
                        invalid(map("lr", Double.POSITIVE_INFINITY),
                                "normalized_gd: lr must be a finite number in [0, ∞), got Infinity"))));
        SaddleTable.addAll(m);
        for (Spec s : SpectralTable.specs()) {
            add(m, s);
        }
        return m;
    }

    // ------------------------------------------------------------------ reference implementations

    /** x ← x − η_t·g. */
    static Reference gd(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        return (t, x, g) -> {
            double eta = lr.applyAsDouble(t);
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * g[i];
            }
        };
    }

    /**
     * torch.optim.SGD: g ← g + λx; with μ ≠ 0: b ← g on the first step, else b ← μb + (1 − d)g,
     * and u = g + μb (Nesterov) or u = b; with μ = 0, u = g; x ← x − η_t·u.
     */
    static Reference sgd(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double mu = h.num("momentum");
        double d = h.num("dampening");
        double wd = h.num("weight_decay");
        boolean nesterov = h.flag("nesterov");
        return new Reference() {
            double[] buf;

            @Override
            public void step(long t, double[] x, double[] g) {
                double eta = lr.applyAsDouble(t);
                boolean first = buf == null;
                if (first) {
                    buf = new double[x.length];
                }
                for (int i = 0; i < x.length; i++) {
                    double gi = g[i] + wd * x[i];
                    double u = gi;
                    if (mu != 0) {
                        buf[i] = first ? gi : mu * buf[i] + (1 - d) * gi;
                        u = nesterov ? gi + mu * buf[i] : buf[i];
                    }
                    x[i] -= eta * u;
                }
            }
        };
    }

    /**
     * torch.optim.Adam: g ← g + λx; m ← β1m + (1 − β1)g; v ← β2v + (1 − β2)g²; with k = t + 1,
     * x ← x − (η_t/(1 − β1^k))·m / (√v/√(1 − β2^k) + ε).
     */
    static Reference adam(Hp h) {
        return adamFamily(h, false);
    }

    /**
     * torch.optim.AdamW: x ← x(1 − η_tλ) (decoupled decay first), then the Adam step
     * x ← x − (η_t/(1 − β1^k))·m / (√v/√(1 − β2^k) + ε) on the plain gradient, k = t + 1.
     */
    static Reference adamw(Hp h) {
        return adamFamily(h, true);
    }

    private static Reference adamFamily(Hp h, boolean decoupled) {
        LongToDoubleFunction lr = h.rate("lr");
        double b1 = h.num("b1");
        double b2 = h.num("b2");
        double eps = h.num("eps");
        double wd = h.num("weight_decay");
        return new Reference() {
            double[] m;
            double[] v;

            @Override
            public void step(long t, double[] x, double[] g) {
                if (m == null) {
                    m = new double[x.length];
                    v = new double[x.length];
                }
                double eta = lr.applyAsDouble(t);
                double bc1 = 1 - Math.pow(b1, t + 1);
                double bc2 = 1 - Math.pow(b2, t + 1);
                for (int i = 0; i < x.length; i++) {
                    double gi = g[i];
                    if (decoupled) {
                        x[i] *= 1 - eta * wd;
                    } else {
                        gi += wd * x[i];
                    }
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + eps;
                    x[i] -= eta / bc1 * m[i] / denom;
                }
            }
        };
    }

    /** torch.optim.Adagrad: g ← g + λx; G ← G + g² (G₀ = initial accumulator); x ← x − η_t·g/(√G + ε). */
    static Reference adagrad(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double acc0 = h.num("initial_accumulator");
        double eps = h.num("eps");
        double wd = h.num("weight_decay");
        return new Reference() {
            double[] sum;

            @Override
            public void step(long t, double[] x, double[] g) {
                if (sum == null) {
                    sum = new double[x.length];
                    Arrays.fill(sum, acc0);
                }
                double eta = lr.applyAsDouble(t);
                for (int i = 0; i < x.length; i++) {
                    double gi = g[i] + wd * x[i];
                    sum[i] += gi * gi;
                    x[i] -= eta * gi / (Math.sqrt(sum[i]) + eps);
                }
            }
        };
    }

    /** AdaGrad-Norm: b² ← b² + ‖g‖²; x ← x − η_t·g/b. */
    static Reference adagradNorm(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double[] bSq = {h.num("b0") * h.num("b0")};
        return (t, x, g) -> {
            double ss = 0;
            for (double gi : g) {
                ss += gi * gi;
            }
            bSq[0] += ss;
            double b = Math.sqrt(bSq[0]);
            double eta = lr.applyAsDouble(t);
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * g[i] / b;
            }
        };
    }

    /**
     * torch.optim.RMSprop: g ← g + λx; v ← αv + (1 − α)g²; centered: ḡ ← αḡ + (1 − α)g and
     * avg = √(v − ḡ²) + ε, else √v + ε; with μ &gt; 0, b ← μb + g/avg and x ← x − η_t·b; else
     * x ← x − η_t·g/avg.
     */
    static Reference rmsprop(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double alpha = h.num("alpha");
        double eps = h.num("eps");
        double mu = h.num("momentum");
        boolean centered = h.flag("centered");
        double wd = h.num("weight_decay");
        return new Reference() {
            double[] sq;
            double[] ga;
            double[] buf;

            @Override
            public void step(long t, double[] x, double[] g) {
                if (sq == null) {
                    sq = new double[x.length];
                    ga = new double[x.length];
                    buf = new double[x.length];
                }
                double eta = lr.applyAsDouble(t);
                for (int i = 0; i < x.length; i++) {
                    double gi = g[i] + wd * x[i];
                    sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
                    double avg;
                    if (centered) {
                        ga[i] = alpha * ga[i] + (1 - alpha) * gi;
                        avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
                    } else {
                        avg = Math.sqrt(sq[i]) + eps;
                    }
                    if (mu > 0) {
                        buf[i] = mu * buf[i] + gi / avg;
                        x[i] -= eta * buf[i];
                    } else {
                        x[i] -= eta * gi / avg;
                    }
                }
            }
        };
    }

    /** Lion: c = β1m + (1 − β1)g; x ← x(1 − η_tλ) − η_t·sign(c); m ← β2m + (1 − β2)g. */
    static Reference lion(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double b1 = h.num("b1");
        double b2 = h.num("b2");
        double wd = h.num("weight_decay");
        return new Reference() {
            double[] m;

            @Override
            public void step(long t, double[] x, double[] g) {
                if (m == null) {
                    m = new double[x.length];
                }
                double eta = lr.applyAsDouble(t);
                for (int i = 0; i < x.length; i++) {
                    double c = clearSign(b1 * m[i] + (1 - b1) * g[i]);
                    x[i] = x[i] * (1 - eta * wd) - eta * Math.signum(c);
                    m[i] = b2 * m[i] + (1 - b2) * g[i];
                }
            }
        };
    }

    /** signSGD (μ = 0): x ← x − η_t·sign(g); Signum: m ← μm + (1 − μ)g, x ← x − η_t·sign(m). */
    static Reference signSgd(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        double mu = h.num("momentum");
        return new Reference() {
            double[] m;

            @Override
            public void step(long t, double[] x, double[] g) {
                if (m == null) {
                    m = new double[x.length];
                }
                double eta = lr.applyAsDouble(t);
                for (int i = 0; i < x.length; i++) {
                    m[i] = mu == 0 ? g[i] : mu * m[i] + (1 - mu) * g[i];
                    x[i] -= eta * Math.signum(clearSign(m[i]));
                }
            }
        };
    }

    /** Normalized GD: x ← x − η_t·g/‖g‖. */
    static Reference normalizedGd(Hp h) {
        LongToDoubleFunction lr = h.rate("lr");
        return (t, x, g) -> {
            double ss = 0;
            for (double gi : g) {
                ss += gi * gi;
            }
            double norm = Math.sqrt(ss);
            double eta = lr.applyAsDouble(t);
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * g[i] / norm;
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The argument of a sign, required to be clearly away from 0: near 0, rounding differences
     * between float32 and the double reference flip the sign, so such a configuration would test
     * nothing but luck. A table entry that hits this must use other hyperparameters.
     */
    private static double clearSign(double v) {
        if (Math.abs(v) < 1e-6) {
            throw new IllegalStateException("table configuration puts a sign argument at " + v
                    + ", too close to 0 for a float32 comparison; choose other hyperparameters");
        }
        return v;
    }

    private static Map<String, Object> sgd(double lr, double momentum, boolean nesterov, double dampening,
                                           double wd) {
        return map("lr", lr, "momentum", momentum, "nesterov", nesterov, "dampening", dampening,
                "weight_decay", wd);
    }

    private static Map<String, Object> adam(double lr, double b1, double b2, double eps, double wd) {
        return map("lr", lr, "b1", b1, "b2", b2, "eps", eps, "weight_decay", wd);
    }

    private static Map<String, Object> adagrad(double lr, double acc0, double eps, double wd) {
        return map("lr", lr, "initial_accumulator", acc0, "eps", eps, "weight_decay", wd);
    }

    private static Map<String, Object> rmsprop(double lr, double alpha, double eps, double momentum,
                                               boolean centered, double wd) {
        return map("lr", lr, "alpha", alpha, "eps", eps, "momentum", momentum, "centered", centered,
                "weight_decay", wd);
    }

    private static Map<String, Object> lion(double lr, double b1, double b2, double wd) {
        return map("lr", lr, "b1", b1, "b2", b2, "weight_decay", wd);
    }

    static Invalid invalid(Map<String, Object> overrides, String message) {
        return new Invalid(overrides, message);
    }

    /** An insertion-ordered map from alternating keys and values. */
    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    static void add(Map<String, Spec> m, Spec s) {
        if (m.put(s.name(), s) != null) {
            throw new IllegalStateException("duplicate table entry " + s.name());
        }
    }
}
