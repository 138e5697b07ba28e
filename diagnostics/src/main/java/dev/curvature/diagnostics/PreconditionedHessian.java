package dev.curvature.diagnostics;

import dev.curvature.optim.Blocks;

/**
 * The preconditioned Hessian of P-GD (Bodard &amp; Patrinos, arXiv 2509.15817, Assumption 3.3),
 * <pre>  H_λ(x) = ∇²φ*(λ∇f(x))·∇²f(x) = P·H,</pre>
 * in a symmetric form whose spectrum {@link Lanczos} can compute from Hessian-vector products.
 *
 * <p><b>Why a symmetric form.</b> H_λ is not symmetric in general. But for an isotropic kernel,
 * P = ∇²φ*(λg) is symmetric positive semidefinite with the closed form
 * <pre>  P = a·ĝĝᵀ + b·(I − ĝĝᵀ),   a = h*″(s),  b = h*′(s)/s,  s = λ‖g‖,  ĝ = g/‖g‖</pre>
 * (P = I at g = 0), so its square root is explicit,
 * <pre>  P^{1/2}·v = √b·v + (√a − √b)(ĝᵀv)·ĝ,</pre>
 * and for any square X, Y the products XY and YX have the same eigenvalues. With X = P^{1/2} and
 * Y = P^{1/2}·H: H_λ = XY has the spectrum of YX = P^{1/2}·H·P^{1/2}, which is symmetric. When P
 * is positive definite the two are similar, H_λ = P^{1/2}(P^{1/2}HP^{1/2})P^{−1/2}, and an
 * eigenvector u of the symmetric form gives the (right) eigenvector P^{1/2}u of H_λ
 * ({@link #toEigenvector}). Each product here costs one Hessian-vector product and two rank-one
 * corrections, O(d).
 *
 * <p>Not thread-safe; buffers are reused across {@link #bind} calls of the same structure.
 */
public final class PreconditionedHessian implements SymmetricOperator {
    private SymmetricOperator hessian;
    private Blocks direction;
    private Blocks scratch;
    private Blocks scratch2;
    private double sqrtA;
    private double sqrtB;
    private boolean identity;

    /**
     * Binds to H_λ at a point: {@code hessian} is ∇²f there, {@code gradient} is ∇f there (copied),
     * λ &gt; 0 the dual scaling and {@code kernel} the isotropic kernel.
     */
    public PreconditionedHessian bind(SymmetricOperator hessianAtX, Blocks gradient, double lambda,
                                      IsotropicKernel kernel) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("preconditioned hessian: lambda = " + lambda + " is outside (0, ∞)");
        }
        if (!Workspaces.sameStructure(direction, gradient)) {
            direction = gradient.zerosLike();
            scratch = gradient.zerosLike();
            scratch2 = gradient.zerosLike();
        }
        this.hessian = hessianAtX;
        double gn = gradient.norm();
        double s = lambda * gn;
        identity = gn == 0 || s == 0;
        if (identity) {
            sqrtA = 1;
            sqrtB = 1;
            direction.fill(0.0);
        } else {
            direction.assign(gradient).scale(1 / gn);
            sqrtA = Math.sqrt(kernel.dualSecondDerivative(s));
            sqrtB = Math.sqrt(kernel.dualDerivativeRatio(s));
        }
        return this;
    }

    /** √h*″(s), the square root of P's eigenvalue along ĝ. */
    public double sqrtAlong() {
        return sqrtA;
    }

    /** √(h*′(s)/s), the square root of P's eigenvalue across ĝ. */
    public double sqrtAcross() {
        return sqrtB;
    }

    /** out ← P^{1/2}·v (out may be v). */
    public void applySqrtP(Blocks v, Blocks out) {
        if (identity) {
            if (out != v) {
                out.assign(v);
            }
            return;
        }
        double c = (sqrtA - sqrtB) * direction.dot(v);
        if (out != v) {
            out.assign(v);
        }
        out.scale(sqrtB).addScaled(c, direction);
    }

    @Override
    public void apply(Blocks v, Blocks out) {
        if (hessian == null) {
            throw new IllegalStateException("preconditioned hessian: not bound");
        }
        applySqrtP(v, scratch);
        hessian.apply(scratch, scratch2);
        applySqrtP(scratch2, out);
    }

    /** out ← P^{1/2}·u: maps an eigenvector u of P^{1/2}HP^{1/2} to a right eigenvector of H_λ. */
    public void toEigenvector(Blocks u, Blocks out) {
        applySqrtP(u, out);
    }
}
