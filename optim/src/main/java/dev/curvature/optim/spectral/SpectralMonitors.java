package dev.curvature.optim.spectral;

import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.text;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Problem;
import dev.curvature.optim.State;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Monitors of spectral optimization, for experiment specs ({@code monitors: [{name: ..., every: k}]}):
 * <ul>
 *   <li>{@code polar_error} {method, steps}: at x_t, runs each engine of {@code method} (one name or
 *       a comma-separated list) on ∇f(x_t) of every matrix block and reports, M being the engine, the
 *       largest polar error ‖X − U·Vᵀ‖_F/√r over blocks ({@code polar_error_M}), the singular-value
 *       range of the engine's output ({@code polar_sv_min_M}, {@code polar_sv_max_M}) and, for
 *       Frobenius-normalised polynomial engines, the range of the composed scalar map over the
 *       normalised input spectrum ({@code polar_map_min_M}, {@code polar_map_max_M}), which must
 *       contain the output's;</li>
 *   <li>{@code update_rms}: the RMS of the step x_t − x_s since the previous measurement s, divided
 *       by t − s (with every: 1 the RMS of each update): {@code update_rms} over the matrix blocks and
 *       {@code update_rms_all} over all blocks;</li>
 *   <li>{@code update_spectrum} {top}: the singular values of that step for the first matrix block
 *       (or {@code block}): {@code update_sv_max}, {@code update_sv_min}, {@code update_sv_ratio}
 *       = σ_min/σ_max (1 for an exactly orthogonal update), {@code update_stable_rank} = ‖Δ‖_F²/σ_max²
 *       and the top values {@code update_sv_1..top}.</li>
 * </ul>
 * The update monitors keep the point of their previous measurement (a copy), so the first
 * measurement of a run reports NaN; that point is part of run checkpoints
 * ({@link Monitor.Stateful}). {@link #register} adds them to a registry.
 */
public final class SpectralMonitors {
    private SpectralMonitors() {}

    /** Registers polar_error, update_rms and update_spectrum. */
    public static void register(Registry<Monitor> monitors) {
        monitors.register(new Component<>("polar_error",
                "polar error ‖X − UVᵀ‖_F/√r of an engine on ∇f(x_t) and σ-range of X, over matrix blocks "
                        + "(columns polar_error_M, polar_sv_min_M, polar_sv_max_M)",
                "Amsel et al., The Polar Express, arXiv 2505.16932 (error measure)",
                List.of(text("method", "ns5").doc("a polar engine, or a comma-separated list of them"),
                        integer("steps", 0L).between(0, 100).doc("iterations of the engines (0: their default)")),
                SpectralMonitors::polarError));
        monitors.register(new Component<>("update_rms",
                "RMS of the update x_t − x_s per step since the last measurement (update_rms: matrix blocks; "
                        + "update_rms_all: all blocks)",
                "Liu, Su et al., arXiv 2502.16982 (update RMS matching)",
                List.of(), h -> new UpdateMonitor(false, null, 0)));
        monitors.register(new Component<>("update_spectrum",
                "singular values of the update of one matrix block (update_sv_max/min/ratio, update_stable_rank, "
                        + "update_sv_1..top)",
                "Bernstein & Newhouse, arXiv 2409.20325 (spectral updates)",
                List.of(text("block", "").doc("name of the block (empty: the first matrix block)"),
                        integer("top", 3L).between(0, 64).doc("how many of the largest singular values to log")),
                h -> {
                    long top = h.integer("top");
                    if (top < 0 || top > 64) {
                        throw new HyperparameterException("update_spectrum", "top", "update_spectrum: top = " + top + " is outside [0, 64]");
                    }
                    return new UpdateMonitor(true, h.text("block"), (int) top);
                }));
    }

    private static Monitor polarError(Hyperparameters h) {
        java.util.List<String> methods = SpectralOptimizers.labels("polar_error", h.text("method"));
        for (String m : methods) {
            if (!Polar.contains(m)) {
                throw new HyperparameterException("polar_error", "method", "polar_error: method = " + m + " is not one of "
                        + String.join(", ", Polar.names()));
            }
        }
        long steps = h.integer("steps");
        if (steps < 0 || steps > 100) {
            throw new HyperparameterException("polar_error", "steps", "polar_error: steps = " + steps + " is outside [0, 100]");
        }
        PolarEngine[] engines = new PolarEngine[methods.size()];
        for (int i = 0; i < engines.length; i++) {
            engines[i] = Polar.engine(methods.get(i), (int) steps);
        }
        return new Monitor() {
            private Blocks grad;

            @Override
            public Map<String, Double> measure(Problem problem, Blocks x, long step) {
                if (grad == null) {
                    grad = x.zerosLike();
                }
                problem.valueAndGradient(x, grad);
                int n = engines.length;
                double[] err = filled(n);
                double[] lo = filled(n);
                double[] hi = filled(n);
                double[] mapLo = filled(n);
                double[] mapHi = filled(n);
                for (int k = 0; k < grad.count(); k++) {
                    Tensor g = grad.tensor(k);
                    if (g.rank() < 2) {
                        continue;
                    }
                    Tensor gm = MatrixViews.view(g);
                    SpectralDiagnostics.Exact exact = SpectralDiagnostics.exact(gm);
                    double gNorm = gm.norm();
                    Tensor out = Tensor.zeros(gm.dtype(), gm.rows(), gm.cols());
                    for (int i = 0; i < n; i++) {
                        engines[i].polar(gm, out);
                        double e = SpectralDiagnostics.polarError(out.to(DType.F64), exact.polar());
                        double[] range = SpectralDiagnostics.singularValueRange(out);
                        err[i] = max(err[i], e);
                        lo[i] = min(lo[i], range[0]);
                        hi[i] = max(hi[i], range[1]);
                        // The scalar-map bound, for engines whose input is a scalar multiple of G.
                        if (engines[i] instanceof NewtonSchulz ns && ns.normalization() == NewtonSchulz.Normalization.FROBENIUS
                                && exact.sigma().length > 0 && exact.sigma()[exact.sigma().length - 1] > 0) {
                            double denom = ns.normScale() * gNorm + ns.eps();
                            double[] sig = exact.sigma();
                            double[] map = ScalarMaps.range(ns.coefficients(gm.rows(), gm.cols()),
                                    sig[sig.length - 1] / denom, sig[0] / denom, 20_000);
                            mapLo[i] = min(mapLo[i], map[0]);
                            mapHi[i] = max(mapHi[i], map[1]);
                        }
                    }
                }
                Map<String, Double> out = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String suffix = "_" + methods.get(i);
                    out.put("polar_error" + suffix, err[i]);
                    out.put("polar_sv_min" + suffix, lo[i]);
                    out.put("polar_sv_max" + suffix, hi[i]);
                    if (!Double.isNaN(mapLo[i])) {
                        out.put("polar_map_min" + suffix, mapLo[i]);
                        out.put("polar_map_max" + suffix, mapHi[i]);
                    }
                }
                return out;
            }
        };
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Math.max(a, b);
    }

    private static double min(double a, double b) {
        return Double.isNaN(a) ? b : Math.min(a, b);
    }

    /** The update monitors: x_t − x_s since the previous measurement. */
    private static final class UpdateMonitor implements Monitor.Stateful {
        private final boolean spectrum;
        private final String block;
        private final int top;
        /** The previous point, whether it is set, and its step (exact as a double below 2⁵³). */
        private State state;
        private Blocks previous;

        UpdateMonitor(boolean spectrum, String block, int top) {
            this.spectrum = spectrum;
            this.block = block;
            this.top = top;
        }

        @Override
        public Map<String, Double> measure(Problem problem, Blocks x, long step) {
            Map<String, Double> out = new LinkedHashMap<>();
            state(problem, x);
            long previousStep = (long) state.scalar("previous_step");
            boolean valid = state.scalar("has_previous") != 0 && step > previousStep;
            Blocks delta = valid ? x.copy().addScaled(-1.0, previous).scale(1.0 / (step - previousStep)) : null;
            previous.assign(x);
            state.setScalar("previous_step", step);
            state.setScalar("has_previous", 1);
            if (!spectrum) {
                double ssMatrix = 0;
                long nMatrix = 0;
                double ssAll = 0;
                long nAll = 0;
                if (valid) {
                    for (int k = 0; k < delta.count(); k++) {
                        Tensor d = delta.tensor(k);
                        double nn = d.norm();
                        ssAll += nn * nn;
                        nAll += d.size();
                        if (d.rank() >= 2) {
                            ssMatrix += nn * nn;
                            nMatrix += d.size();
                        }
                    }
                }
                out.put("update_rms", valid && nMatrix > 0 ? Math.sqrt(ssMatrix / nMatrix) : Double.NaN);
                out.put("update_rms_all", valid && nAll > 0 ? Math.sqrt(ssAll / nAll) : Double.NaN);
                return out;
            }
            double[] s = null;
            if (valid) {
                Tensor d = pick(delta);
                s = d == null ? null : SpectralDiagnostics.singularValues(MatrixViews.view(d));
            }
            boolean ok = s != null && s.length > 0;
            double smax = ok ? s[0] : Double.NaN;
            double smin = ok ? s[s.length - 1] : Double.NaN;
            double fro2 = 0;
            if (ok) {
                for (double v : s) {
                    fro2 += v * v;
                }
            }
            out.put("update_sv_max", smax);
            out.put("update_sv_min", smin);
            out.put("update_sv_ratio", ok && smax > 0 ? smin / smax : Double.NaN);
            out.put("update_stable_rank", ok && smax > 0 ? fro2 / (smax * smax) : Double.NaN);
            for (int i = 0; i < top; i++) {
                out.put("update_sv_" + (i + 1), ok && i < s.length ? s[i] : Double.NaN);
            }
            return out;
        }

        @Override
        public State state(Problem problem, Blocks x) {
            if (state == null) {
                previous = x.zerosLike();
                state = new State(spectrum ? "update_spectrum" : "update_rms");
                state.addBuffer("previous", previous);
                state.addScalar("has_previous", 0);
                state.addScalar("previous_step", 0);
            }
            return state;
        }

        private Tensor pick(Blocks delta) {
            for (int k = 0; k < delta.count(); k++) {
                Blocks.Block b = delta.block(k);
                if (block.isEmpty() ? b.tensor().rank() >= 2 : b.name().equals(block)) {
                    return b.tensor().rank() >= 2 ? b.tensor() : null;
                }
            }
            if (!block.isEmpty()) {
                throw new IllegalStateException("update_spectrum monitor: no block named '" + block + "' (blocks: "
                        + delta.names() + ")");
            }
            return null;
        }
    }
}
