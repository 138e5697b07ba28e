package dev.curvature.diagnostics;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.optim.saddle.Preconditioner;
import dev.curvature.optim.run.Monitor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Monitor of the second-order characterization of (L, L̄)-anisotropic smoothness (Bodard &amp;
 * Patrinos, arXiv 2509.15817, Prop. 2.4, after Oikonomidis et al., arXiv 2502.08532):
 * <pre>  λ_max( ∇²φ*(L̄⁻¹∇f(x)) · ∇²f(x) ) ≤ L·L̄   for all x,</pre>
 * measured at the iterates x_t with the dual scaling λ = 1/L̄ and an isotropic kernel
 * φ = h(‖·‖) ({@link Kernel}).
 * The product D·H, D = ∇²φ*(λ∇f(x)), H = ∇²f(x), is not symmetric; its eigenvalues are those of
 * the symmetric D^{1/2}·H·D^{1/2} ({@link PreconditionedHessian}, the same operator as the
 * preconditioned ε-SOSP certificate), whose largest one {@link Lanczos} finds from the problem's
 * Hessian-vector products (two rank-one corrections per product).
 *
 * <p>Columns: {@code lambda_max_preconditioned} = λ_max(D·H); {@code anisotropic_l} =
 * λ·λ_max(D·H) = λ_max/L̄, the smallest L for which the inequality holds at x_t (negative where D·H
 * has no positive eigenvalue); {@code preconditioned_hvps} and {@code preconditioned_converged}
 * (1/0) of the Lanczos call. The start vector of step t comes from
 * {@code RandomStream.of(seed).fork(t)}, as in {@link HessianExtremes}, so a measurement depends only
 * on (x_t, seed, t). Lanczos Ritz values lie inside the spectrum, so an unconverged value is a lower
 * bound. Not thread-safe; buffers are reused across measurements.
 */
public final class PreconditionedSmoothness implements Monitor {
    private final Lanczos lanczos;
    private final HessianOperator hessian;
    private final PreconditionedHessian preconditioned = new PreconditionedHessian();
    private final Preconditioner preconditioner;
    private final long seed;
    private Blocks gradient;
    private Lanczos.Result last;

    /** A monitor for the kernel {@code kernel} with dual scaling λ = 1/L̄ &gt; 0. */
    public PreconditionedSmoothness(Lanczos.Options options, HessianOperator.Mode mode, long seed,
                                    Kernel kernel, double lambda) {
        this.preconditioner = new Preconditioner("preconditioned_smoothness", kernel, false, lambda);
        this.lanczos = new Lanczos(options);
        this.hessian = new HessianOperator(mode);
        this.seed = seed;
    }

    /** λ_max(∇²φ*(λ∇f(x))·∇²f(x)) at x, with the Lanczos start vector drawn from {@code rng}. */
    public double lambdaMax(Problem problem, Blocks x, RandomStream rng) {
        if (!Workspaces.sameStructure(gradient, x)) {
            gradient = x.zerosLike();
        }
        problem.valueAndGradient(x, gradient);
        preconditioned.bind(hessian.bind(problem, x), gradient, preconditioner);
        last = lanczos.compute(preconditioned, x, rng, Lanczos.Target.MAX);
        return last.lambdaMax();
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        double max = lambdaMax(problem, x, RandomStream.of(seed).fork(step));
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("lambda_max_preconditioned", max);
        out.put("anisotropic_l", preconditioner.lambda() * max);
        out.put("preconditioned_hvps", (double) last.hvps());
        out.put("preconditioned_converged", last.converged() ? 1.0 : 0.0);
        return out;
    }

    /** The kernel. */
    public Kernel kernel() {
        return preconditioner.kernel();
    }

    /** The dual scaling λ = 1/L̄. */
    public double lambda() {
        return preconditioner.lambda();
    }

    /** The Lanczos result of the last measurement (null before the first). */
    public Lanczos.Result last() {
        return last;
    }
}
