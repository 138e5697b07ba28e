package dev.curvature.optim.contract;

import static dev.curvature.optim.Hyperparameters.AUTO;
import static dev.curvature.optim.contract.OptimizerTable.add;
import static dev.curvature.optim.contract.OptimizerTable.invalid;
import static dev.curvature.optim.contract.OptimizerTable.map;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.contract.OptimizerTable.Hp;
import dev.curvature.optim.contract.OptimizerTable.Reference;
import dev.curvature.optim.contract.OptimizerTable.Spec;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.List;
import java.util.Map;

/**
 * Contract-table rows of the saddle-escape and nonlinearly preconditioned methods, with scalar
 * reference implementations written from the papers' formulas. The perturbed methods draw their
 * perturbation from the run's stream, which {@code Stepper} seeds with 1: the references draw the
 * same numbers from {@code RandomStream.of(1)} in the documented order (one normal deviate per
 * element, then one uniform), so configurations that perturb within the first steps check the
 * perturbation too. Their step sizes are numbers, not schedules, so they run with a constant rate on
 * every layout; the dimension d of the perturbation ball is the layout's element count. The configurations perturb only within the first steps (or stop), so that the
 * snapshot test, which restores the optimizer state but not the stream, draws nothing afterwards.
 */
final class SaddleTable {
    private SaddleTable() {}

    static void addAll(Map<String, Spec> m) {
        Map<String, Object> pgdDefaults = new java.util.LinkedHashMap<>(pgd(1.0, 1e-3, AUTO, AUTO, AUTO, AUTO, AUTO, AUTO));
        pgdDefaults.remove("ell"); // required: no step c/ℓ is safe by default
        add(m, new Spec("pgd",
                pgdDefaults,
                map("ell", 4.0, "t_thres", 100000.0), 300, 1e-5,
                List.of(pgd(4.0, 0.1, 10.0, AUTO, AUTO, AUTO, AUTO, AUTO),
                        pgd(4.0, 0.1, 10.0, 0.2, 0.5, 100.0, 1e-3, 10.0),
                        pgd(4.0, 0.1, 10.0, 0.2, 0.5, 100.0, 1e9, 2.0)),
                SaddleTable::pgd,
                List.of(invalid(map(), "pgd: ell is required (a number)"),
                        invalid(map("ell", 4.0, "eps", -1.0), "pgd: eps = -1.0 is outside (0, ∞)"),
                        invalid(map("ell", 4.0, "delta", 1.5), "pgd: delta = 1.5 is outside (0, 1)"),
                        invalid(map("ell", 4.0, "lr", "fast"), "pgd: lr must be a number or auto, got fast (String)"),
                        invalid(map("ell", 4.0, "t_thres", 0.5), "pgd: t_thres = 0.5 is outside [1, ∞)"),
                        invalid(map("ell", 4.0, "radius", 0.0), "pgd: radius = 0.0 is outside (0, ∞)"))));
        add(m, new Spec("perturbed_gd_du",
                map("lr", 0.01, "radius", 0.01, "g_thres", 0.01, "t_thres", 10L, "f_thres", 0.0),
                map("lr", 0.2, "radius", 1e-7, "g_thres", 1e-7), 300, 1e-5,
                List.of(map("lr", 0.1, "radius", 0.01, "g_thres", 0.01, "t_thres", 10L, "f_thres", 0.0),
                        map("lr", 0.15, "radius", 0.3, "g_thres", 100.0, "t_thres", 10L, "f_thres", 0.0)),
                SaddleTable::du,
                List.of(invalid(map("t_thres", 0L), "perturbed_gd_du: t_thres = 0 is outside [1, ∞)"),
                        invalid(map("radius", 0.0), "perturbed_gd_du: radius = 0.0 is outside (0, ∞)"),
                        invalid(map("lr", -1.0), "perturbed_gd_du: lr = -1.0 is outside (0, ∞)"),
                        invalid(map("g_thres", -0.5), "perturbed_gd_du: g_thres = -0.5 is outside [0, ∞)"))));
        add(m, new Spec("p_gd", map("lr", 0.1, "lambda", 1.0, "kernel", "cosh", "separable", false),
                map("lr", 0.3), 300, 1e-5,
                // Separable rows keep lr·λ·max a ≤ 2: an element the clipped steps put on its minimizer
                // (one of the tall layout's does) then follows x ← x − lr·λ·a(x − c), which would
                // multiply the float32 roundoff by |1 − lr·λ·a| > 1 at every step.
                List.of(pgdPre(0.3, 1.0, "cosh", false), pgdPre(0.5, 2.0, "exp", false),
                        pgdPre(0.4, 0.5, "log", true), pgdPre(0.3, 1.0, "clip", false),
                        pgdPre(0.2, 0.7, "quadratic", true), pgdPre(0.3, 1.5, "clip", true),
                        pgdPre(0.25, 0.2, "cosh", true)),
                SaddleTable::pgdPre,
                List.of(invalid(map("kernel", "tanh"),
                                "p_gd: kernel = tanh is not one of quadratic, cosh, exp, log, clip, gd, h1, h2, h3"),
                        invalid(map("lambda", 0.0), "p_gd: lambda = 0.0 is outside (0, ∞)"),
                        invalid(map("lr", -0.1), "p_gd: lr = -0.1 is outside (0, ∞)"),
                        invalid(map("separable", "yes"), "p_gd: separable must be true or false, got yes (String)"))));
        add(m, new Spec("perturbed_p_gd",
                alg1("cosh", false, true, 1.0, 1.0, 1e-3, AUTO, AUTO, AUTO, AUTO, AUTO, AUTO, AUTO),
                map("lr", 0.3, "interval", 100000.0), 300, 1e-5,
                List.of(alg1("cosh", false, true, 4.0, 1.0, 0.1, 10.0, AUTO, AUTO, AUTO, AUTO, AUTO, AUTO),
                        alg1("exp", true, false, 4.0, 2.0, 0.1, 10.0, 0.2, AUTO, 0.5, 10.0, 100.0, 1e-3),
                        alg1("log", false, false, 4.0, 1.0, 0.1, 10.0, 0.3, 1.5, 0.4, 10.0, 100.0, 1e-3)),
                SaddleTable::alg1,
                List.of(invalid(map("kernel", "tanh"),
                                "perturbed_p_gd: kernel = tanh is not one of quadratic, cosh, exp, log, clip, gd, h1, h2, h3"),
                        invalid(map("L", 0.0), "perturbed_p_gd: L = 0.0 is outside (0, ∞)"),
                        invalid(map("delta", 0.0), "perturbed_p_gd: delta = 0.0 is outside (0, 1)"),
                        invalid(map("interval", 0.5), "perturbed_p_gd: interval = 0.5 is outside [1, ∞)"),
                        invalid(map("wait_first", "no"),
                                "perturbed_p_gd: wait_first must be true or false, got no (String)"))));
    }

    // ------------------------------------------------------------------ configurations

    private static Map<String, Object> pgd(double ell, double eps, Object deltaF, Object lr, Object radius,
                                           Object gThres, Object fThres, Object tThres) {
        return map("ell", ell, "rho", 1.0, "eps", eps, "c", 1.0, "delta", 0.1, "delta_f", deltaF, "d", AUTO,
                "lr", lr, "radius", radius, "g_thres", gThres, "f_thres", fThres, "t_thres", tThres);
    }

    private static Map<String, Object> pgdPre(double lr, double lambda, String kernel, boolean separable) {
        return map("lr", lr, "lambda", lambda, "kernel", kernel, "separable", separable);
    }

    private static Map<String, Object> alg1(String kernel, boolean separable, boolean waitFirst, double l,
                                            double lbar, double eps, Object deltaF, Object lr, Object lambda,
                                            Object radius, Object interval, Object tolerance, Object fThres) {
        return map("kernel", kernel, "separable", separable, "wait_first", waitFirst, "L", l, "lbar", lbar,
                "rho", 1.0, "eps", eps, "c", 0x1p-39, "delta", 0.1, "delta_f", deltaF, "n", AUTO, "lr", lr,
                "lambda", lambda, "radius", radius, "interval", interval, "tolerance", tolerance, "f_thres", fThres);
    }

    // ------------------------------------------------------------------ references

    /** f of the test quadratic, ½Σ a_k (x_k − c_k)². */
    private static double f(double[] x) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            double d = x[k] - TestQuadratic.center(k);
            s += 0.5 * TestQuadratic.curvature(k) * d * d;
        }
        return s;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** ξ uniform in B₀(r): one N(0, 1) per element, then U; ξ = r·U^{1/d}·v/‖v‖. */
    private static double[] ball(RandomStream rng, int d, double r) {
        double[] v = new double[d];
        for (int k = 0; k < d; k++) {
            v[k] = rng.nextGaussian();
        }
        double nv = norm(v);
        double u = rng.nextDouble();
        double s = r * Math.pow(u, 1.0 / d) / nv;
        for (int k = 0; k < d; k++) {
            v[k] *= s;
        }
        return v;
    }

    private static double autoOr(Hp h, String key, double derived) {
        Object v = h.values().get(key);
        return v instanceof Number n ? n.doubleValue() : derived;
    }

    /**
     * Jin et al.'s Algorithm 2: χ = 3·max{ln(dℓΔf/(cε²δ)), 4}, η = c/ℓ, r = √c/χ²·ε/ℓ,
     * g_thres = √c/χ²·ε, f_thres = c/χ³·√(ε³/ρ), t_thres = ⌈χ/c²·ℓ/√(ρε)⌉; perturb when
     * ‖∇f‖ ≤ g_thres and t − t_noise &gt; t_thres; return x̃ (no more moves) when t − t_noise = t_thres
     * and f(x_t) − f(x̃) &gt; −f_thres.
     */
    static Reference pgd(Hp h) {
        double ell = h.num("ell");
        double rho = h.num("rho");
        double eps = h.num("eps");
        double c = h.num("c");
        double delta = h.num("delta");
        int d = h.shape().size();
        return new Reference() {
            final RandomStream rng = RandomStream.of(1);
            double eta;
            double r;
            double gth;
            double fth;
            long tth;
            long t;
            long tNoise;
            double fTilde;
            boolean ready;
            boolean done;

            @Override
            public void step(long update, double[] x, double[] g) {
                if (!ready) {
                    double deltaF = autoOr(h, "delta_f", f(x));
                    double chi = 3 * Math.max(Math.log(d * ell * deltaF / (c * eps * eps * delta)), 4);
                    eta = autoOr(h, "lr", c / ell);
                    r = autoOr(h, "radius", Math.sqrt(c) / (chi * chi) * eps / ell);
                    gth = autoOr(h, "g_thres", Math.sqrt(c) / (chi * chi) * eps);
                    fth = autoOr(h, "f_thres", c / (chi * chi * chi) * Math.sqrt(eps * eps * eps / rho));
                    tth = (long) Math.ceil(autoOr(h, "t_thres", chi / (c * c) * ell / Math.sqrt(rho * eps)));
                    tNoise = -tth - 1;
                    ready = true;
                }
                if (!done && t - tNoise == tth && f(x) - fTilde > -fth) {
                    done = true;
                }
                if (!done) {
                    if (norm(g) <= gth && t - tNoise > tth) {
                        fTilde = f(x);
                        tNoise = t;
                        double[] xi = ball(rng, d, r);
                        for (int k = 0; k < d; k++) {
                            x[k] += xi[k];
                        }
                        TestQuadratic.gradient(x, g);
                    }
                    for (int k = 0; k < d; k++) {
                        x[k] -= eta * g[k];
                    }
                }
                t++;
            }
        };
    }

    /** Du et al.'s perturbed GD: perturb when ‖∇f‖ ≤ g_thres and t − t_noise &gt; t_thres, then x ← x − η∇f(x). */
    static Reference du(Hp h) {
        double lr = h.num("lr");
        double r = h.num("radius");
        double gth = h.num("g_thres");
        long tth = (long) h.num("t_thres");
        int d = h.shape().size();
        return new Reference() {
            final RandomStream rng = RandomStream.of(1);
            long t;
            long tNoise = -tth - 1;

            @Override
            public void step(long update, double[] x, double[] g) {
                if (norm(g) <= gth && t - tNoise > tth) {
                    tNoise = t;
                    double[] xi = ball(rng, d, r);
                    for (int k = 0; k < d; k++) {
                        x[k] += xi[k];
                    }
                    TestQuadratic.gradient(x, g);
                }
                for (int k = 0; k < d; k++) {
                    x[k] -= lr * g[k];
                }
                t++;
            }
        };
    }

    /** h*′ of each kernel, written independently of the library. */
    private static double conj(String kernel, double s) {
        return switch (kernel) {
            case "quadratic" -> s;
            case "cosh" -> Math.log(s + Math.sqrt(s * s + 1));
            case "exp" -> Math.log(1 + s);
            case "log" -> s / (1 + s);
            case "clip" -> Math.min(s, 1);
            default -> throw new IllegalArgumentException(kernel);
        };
    }

    /** h(h*′(s)) of each kernel. */
    private static double stat(String kernel, double s) {
        return switch (kernel) {
            case "quadratic" -> s * s / 2;
            case "cosh" -> Math.sqrt(1 + s * s) - 1;
            case "exp" -> s - Math.log(1 + s);
            case "log" -> Math.log(1 + s) - s / (1 + s);
            case "clip" -> Math.min(s, 1) * Math.min(s, 1) / 2;
            default -> throw new IllegalArgumentException(kernel);
        };
    }

    /** ∇φ*(λg) into out: isotropic h*′(λ‖g‖)·g/‖g‖, separable sign(g_i)·h*′(λ|g_i|). */
    private static void precondition(String kernel, boolean separable, double lambda, double[] g, double[] out) {
        if (separable) {
            for (int k = 0; k < g.length; k++) {
                out[k] = Math.signum(g[k]) * conj(kernel, lambda * Math.abs(g[k]));
            }
            return;
        }
        double n = norm(g);
        for (int k = 0; k < g.length; k++) {
            out[k] = n == 0 ? 0 : conj(kernel, lambda * n) * g[k] / n;
        }
    }

    private static double measure(String kernel, boolean separable, double lambda, double[] g) {
        if (!separable) {
            return stat(kernel, lambda * norm(g)) / lambda;
        }
        double s = 0;
        for (double e : g) {
            s += stat(kernel, lambda * Math.abs(e));
        }
        return s / lambda;
    }

    /** P-GD: x ← x − γ∇φ*(λ∇f(x)); for the clip kernel x ← x − γ·min(1/‖g‖, λ)·g (isotropic). */
    static Reference pgdPre(Hp h) {
        double lr = h.num("lr");
        double lambda = h.num("lambda");
        String kernel = (String) h.values().get("kernel");
        boolean separable = h.flag("separable");
        return (update, x, g) -> {
            double[] u = new double[x.length];
            if (kernel.equals("clip") && !separable) {
                double scale = Math.min(1 / norm(g), lambda);
                for (int k = 0; k < x.length; k++) {
                    u[k] = scale * g[k];
                }
            } else {
                precondition(kernel, separable, lambda, g, u);
            }
            for (int k = 0; k < x.length; k++) {
                x[k] -= lr * u[k];
            }
        };
    }

    /**
     * Algorithm 1: eq. (12) with χ = log₂(L²√nΔf/(c√ρL̄ε^{5/2}δ)), γ = 1/L, λ = 1/L̄,
     * r = ε/(400χ³), 𝒯 = ⌈(L/√(ρε))χ⌉, 𝒢 = min{1, 1/√λ}·r; perturb x ← x + γξ when
     * λ⁻¹φ(∇φ*(λ∇f)) ≤ 𝒢²/2 and k − k_perturb &gt; 𝒯 (k_perturb = 0, or −𝒯 − 1 without the first wait).
     */
    static Reference alg1(Hp h) {
        String kernel = (String) h.values().get("kernel");
        boolean separable = h.flag("separable");
        boolean waitFirst = h.flag("wait_first");
        double l = h.num("L");
        double lbar = h.num("lbar");
        double rho = h.num("rho");
        double eps = h.num("eps");
        double c = h.num("c");
        double delta = h.num("delta");
        int n = h.shape().size();
        return new Reference() {
            final RandomStream rng = RandomStream.of(1);
            double gamma;
            double lambda;
            double r;
            long interval;
            double tol;
            long k;
            long kPerturb;
            boolean ready;

            @Override
            public void step(long update, double[] x, double[] g) {
                if (!ready) {
                    double deltaF = autoOr(h, "delta_f", f(x));
                    double chi = Math.max(1, Math.log(l * l * Math.sqrt(n) * deltaF
                            / (c * Math.sqrt(rho) * lbar * Math.pow(eps, 2.5) * delta)) / Math.log(2));
                    gamma = autoOr(h, "lr", 1 / l);
                    lambda = autoOr(h, "lambda", 1 / lbar);
                    r = autoOr(h, "radius", eps / (400 * chi * chi * chi));
                    interval = (long) Math.ceil(autoOr(h, "interval", l / Math.sqrt(rho * eps) * chi));
                    tol = autoOr(h, "tolerance", Math.min(1, 1 / Math.sqrt(lambda)) * r);
                    kPerturb = waitFirst ? 0 : -interval - 1;
                    ready = true;
                }
                double[] u = new double[n];
                if (measure(kernel, separable, lambda, g) <= tol * tol / 2 && k - kPerturb > interval) {
                    double[] xi = ball(rng, n, r);
                    for (int i = 0; i < n; i++) {
                        x[i] += gamma * xi[i];
                    }
                    TestQuadratic.gradient(x, g);
                    kPerturb = k;
                }
                precondition(kernel, separable, lambda, g, u);
                for (int i = 0; i < n; i++) {
                    x[i] -= gamma * u[i];
                }
                k++;
            }
        };
    }
}
