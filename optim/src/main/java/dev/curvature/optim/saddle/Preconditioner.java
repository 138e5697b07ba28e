package dev.curvature.optim.saddle;

import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;

/**
 * The nonlinear preconditioner y ↦ ∇φ*(λ·y) of P-GD (Bodard &amp; Patrinos, arXiv 2509.15817, eq. (2)
 * and §3), for a {@link Kernel} h used isotropically, φ(x) = h(‖x‖), or separably,
 * φ(x) = Σ_i h(x_i). With s = λ‖g‖ the isotropic map is
 * <pre>  ∇φ*(λg) = h*′(s)·g/‖g‖,   ∇φ*(0) = 0,</pre>
 * and the separable one acts elementwise, ∇φ*(λg)_i = sign(g_i)·h*′(λ|g_i|). The norm is the
 * global Euclidean norm over all blocks. The stationarity measure of the paper's Algorithm 1 and of
 * its ε-SOSP definition is
 * <pre>  λ⁻¹·φ(∇φ*(λg)) = λ⁻¹·h(h*′(s))   (isotropic),   λ⁻¹·Σ_i h(h*′(λ|g_i|))   (separable).</pre>
 * Its Jacobian ∇²φ*(λg), the left factor of the preconditioned Hessian, is applied by the
 * diagnostics module's {@code PreconditionedHessian}. Immutable.
 */
public final class Preconditioner {
    private final Kernel kernel;
    private final boolean separable;
    private final double lambda;

    /** The preconditioner of {@code kernel}, separable or isotropic, with dual scaling λ &gt; 0. */
    public Preconditioner(String owner, Kernel kernel, boolean separable, double lambda) {
        this.kernel = kernel;
        this.separable = separable;
        this.lambda = Check.positive(owner, "lambda", lambda);
    }

    public Kernel kernel() {
        return kernel;
    }

    public boolean separable() {
        return separable;
    }

    public double lambda() {
        return lambda;
    }

    /** Replaces g by ∇φ*(λg) in place and returns the stationarity measure λ⁻¹·φ(∇φ*(λg)). */
    public double apply(Blocks g) {
        if (!separable) {
            double norm = g.norm();
            if (norm == 0) {
                return 0;
            }
            double s = lambda * norm;
            g.scale(kernel.conjugateDerivative(s) / norm);
            return kernel.stationarity(s) / lambda;
        }
        double measure = 0;
        Float64Chunks c = Float64Chunks.local();
        for (int k = 0, nb = g.count(); k < nb; k++) {
            Tensor t = g.tensor(k);
            for (int start = 0, n = t.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int o = c.open(start, len, t);
                double[] a = c.array(0);
                for (int i = o, e = o + len; i < e; i++) {
                    double s = lambda * Math.abs(a[i]);
                    measure += kernel.stationarity(s);
                    a[i] = Math.copySign(kernel.conjugateDerivative(s), a[i]);
                }
                c.commit(0, t, start, len);
            }
        }
        return measure / lambda;
    }

    /** The stationarity measure λ⁻¹·φ(∇φ*(λg)) without changing g. */
    public double stationarity(Blocks g) {
        if (!separable) {
            return kernel.stationarity(lambda * g.norm()) / lambda;
        }
        double measure = 0;
        for (int k = 0, nb = g.count(); k < nb; k++) {
            Tensor t = g.tensor(k);
            for (int i = 0, n = t.size(); i < n; i++) {
                measure += kernel.stationarity(lambda * Math.abs(t.getFlat(i)));
            }
        }
        return measure / lambda;
    }

    @Override
    public String toString() {
        return kernel.id() + (separable ? " separable" : " isotropic") + ", lambda=" + lambda;
    }
}
