package dev.curvature.diagnostics;

import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.saddle.Preconditioner;

/**
 * The preconditioned Hessian of P-GD (Bodard &amp; Patrinos, arXiv 2509.15817, Assumption 3.3),
 * <pre>  H_λ(x) = ∇²φ*(λ∇f(x))·∇²f(x) = P·H,</pre>
 * for the kernel, separability and λ of a {@link Preconditioner}: its left factor P
 * ({@link #applyP}) and a symmetric form with the same spectrum, which {@link Lanczos} or a dense
 * eigendecomposition can compute from Hessian-vector products.
 *
 * <p><b>P in closed form.</b> Isotropic φ = h(‖·‖), with s = λ‖g‖ and ĝ = g/‖g‖,
 * <pre>  P = a·ĝĝᵀ + b·(I − ĝĝᵀ),   a = h*″(s),  b = h*′(s)/s   (P = h*″(0)·I = I at g = 0);</pre>
 * separable φ = Σ h(·_i): P = diag(h*″(λ|g_i|)). P is symmetric positive semidefinite and its
 * square root is explicit: P^{1/2}·v = √b·v + (√a − √b)(ĝᵀv)·ĝ, or the diagonal √h*″(λ|g_i|).
 *
 * <p><b>Why a symmetric form.</b> H_λ is not symmetric in general, but for any square X, Y the
 * products XY and YX have the same eigenvalues. With X = P^{1/2} and Y = P^{1/2}·H: H_λ = XY has the
 * spectrum of YX = P^{1/2}·H·P^{1/2} ({@link #apply}). When P is positive definite the two are
 * similar, H_λ = P^{1/2}(P^{1/2}HP^{1/2})P^{−1/2}, and an eigenvector u of the symmetric form gives
 * the (right) eigenvector P^{1/2}u of H_λ ({@link #toEigenvector}). Each product costs one
 * Hessian-vector product and O(d) more.
 *
 * <p>Not thread-safe; buffers are reused across {@link #bind} calls of the same structure.
 */
public final class PreconditionedHessian implements SymmetricOperator {
    private SymmetricOperator hessian;
    private Preconditioner preconditioner;
    private Blocks gradient;
    private Blocks direction;
    private Blocks scratch;
    private Blocks scratch2;
    private double norm;
    private double along;
    private double across;
    private double sqrtA;
    private double sqrtB;
    private boolean identity;

    /**
     * Binds to H_λ at a point: {@code hessianAtX} is ∇²f there (null when only P is needed),
     * {@code gradient} is ∇f there (copied) and {@code preconditioner} gives the kernel, the
     * separability and λ. Vectors passed to the products must have the gradient's structure.
     */
    public PreconditionedHessian bind(SymmetricOperator hessianAtX, Blocks gradient, Preconditioner preconditioner) {
        if (!Workspaces.sameStructure(this.gradient, gradient)) {
            this.gradient = gradient.zerosLike();
            direction = gradient.zerosLike();
            scratch = gradient.zerosLike();
            scratch2 = gradient.zerosLike();
        }
        this.hessian = hessianAtX;
        this.preconditioner = preconditioner;
        this.gradient.assign(gradient);
        if (preconditioner.separable()) {
            return this;
        }
        double lambda = preconditioner.lambda();
        norm = gradient.norm();
        double s = lambda * norm;
        identity = norm == 0 || s == 0;
        along = preconditioner.kernel().conjugateSecondDerivative(identity ? 0 : s);
        across = preconditioner.kernel().conjugateDerivativeRatio(identity ? 0 : s);
        if (identity) {
            sqrtA = 1;
            sqrtB = 1;
            direction.fill(0.0);
        } else {
            direction.assign(gradient).scale(1 / norm);
            sqrtA = Math.sqrt(along);
            sqrtB = Math.sqrt(across);
        }
        return this;
    }

    /** √h*″(s), the square root of P's eigenvalue along ĝ (isotropic). */
    public double sqrtAlong() {
        return sqrtA;
    }

    /** √(h*′(s)/s), the square root of P's eigenvalue across ĝ (isotropic). */
    public double sqrtAcross() {
        return sqrtB;
    }

    /** out ← P·v = ∇²φ*(λ∇f)·v, the left factor of H_λ (out may be v). */
    public void applyP(Blocks v, Blocks out) {
        if (preconditioner.separable()) {
            diagonal(v, out, false);
            return;
        }
        if (norm == 0) {
            out.assign(v).scale(along);
            return;
        }
        double proj = gradient.dot(v) / (norm * norm); // ĝᵀv/‖g‖
        // out = b·v + (a − b)·(ĝᵀv)·ĝ
        if (out != v) {
            out.assign(v);
        }
        out.scale(across);
        out.addScaled((along - across) * proj, gradient);
    }

    /** out ← P^{1/2}·v (out may be v). */
    public void applySqrtP(Blocks v, Blocks out) {
        if (preconditioner.separable()) {
            diagonal(v, out, true);
            return;
        }
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

    /** out ← diag(h*″(λ|g_i|))·v, or its square root. */
    private void diagonal(Blocks v, Blocks out, boolean sqrt) {
        double lambda = preconditioner.lambda();
        for (int k = 0, nb = gradient.count(); k < nb; k++) {
            Tensor gt = gradient.tensor(k);
            Tensor vt = v.tensor(k);
            Tensor ot = out.tensor(k);
            for (int i = 0, n = gt.size(); i < n; i++) {
                double d = preconditioner.kernel().conjugateSecondDerivative(lambda * Math.abs(gt.getFlat(i)));
                ot.setFlat(i, (sqrt ? Math.sqrt(d) : d) * vt.getFlat(i));
            }
        }
    }

    /** out ← P^{1/2}·H·P^{1/2}·v, the symmetric form of H_λ. */
    @Override
    public void apply(Blocks v, Blocks out) {
        if (hessian == null) {
            throw new IllegalStateException("preconditioned hessian: not bound to a Hessian");
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
