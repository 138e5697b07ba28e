package dev.curvature.diagnostics;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;

/**
 * Computes {@link SospCertificate}s at points of a problem: one gradient, then Lanczos for λ_min
 * of ∇²f (plain) or of the preconditioned Hessian H_λ = ∇²φ*(λ∇f)·∇²f through its symmetric form
 * P^{1/2}∇²f P^{1/2} ({@link PreconditionedHessian}). Its buffers and the Lanczos workspace are
 * reused across calls, so it can run every k steps inside a loop. Not thread-safe.
 */
public final class SospChecker {
    private final Lanczos lanczos;
    private final HessianOperator hessian;
    private final PreconditionedHessian preconditioned = new PreconditionedHessian();
    private Blocks gradient;
    private Blocks direction;
    private Lanczos.Result last;

    /** A checker with these Lanczos settings and Hessian products. */
    public SospChecker(Lanczos.Options options, HessianOperator.Mode mode) {
        this.lanczos = new Lanczos(options);
        this.hessian = new HessianOperator(mode);
    }

    /** The plain certificate at x: ‖∇f(x)‖ ≤ ε and λ_min(∇²f(x)) ≥ −√(ρε). */
    public SospCertificate plain(Problem problem, Blocks x, double eps, double rho, RandomStream rng) {
        double gn = gradientNorm(problem, x);
        last = lanczos.compute(hessian.bind(problem, x), x, rng, Lanczos.Target.MIN);
        direction.assign(last.minVector());
        return SospCertificate.plain(gn, last.lambdaMin(), last.converged(), last.hvps(), eps, rho);
    }

    /**
     * The preconditioned certificate at x for P-GD with {@code kernel} and dual scaling λ:
     * λ⁻¹·h(h*′(λ‖∇f‖)) ≤ ε² and λ_min(H_λ(x)) ≥ −√(ρε).
     */
    public SospCertificate preconditioned(Problem problem, Blocks x, double eps, double rho, IsotropicKernel kernel,
                                          double lambda, RandomStream rng) {
        double gn = gradientNorm(problem, x);
        preconditioned.bind(hessian.bind(problem, x), gradient, lambda, kernel);
        last = lanczos.compute(preconditioned, x, rng, Lanczos.Target.MIN);
        preconditioned.toEigenvector(last.minVector(), direction);
        double dn = direction.norm();
        if (dn > 0) {
            direction.scale(1 / dn);
        }
        return SospCertificate.preconditioned(kernel.stationarity(lambda * gn, lambda), last.lambdaMin(),
                last.converged(), last.hvps(), eps, rho);
    }

    /** The Lanczos result of the last call. */
    public Lanczos.Result lastLanczos() {
        return last;
    }

    /**
     * The unit direction of most negative curvature found by the last call: the Ritz vector of
     * λ_min(∇²f), or the right eigenvector P^{1/2}u of H_λ (normalized). Overwritten by the next call.
     */
    public Blocks negativeCurvatureDirection() {
        return direction;
    }

    private double gradientNorm(Problem problem, Blocks x) {
        if (!Workspaces.sameStructure(gradient, x)) {
            gradient = x.zerosLike();
            direction = x.zerosLike();
        }
        problem.valueAndGradient(x, gradient);
        return gradient.norm();
    }
}
