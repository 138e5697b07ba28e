package dev.curvature.diagnostics;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import java.util.Locale;

/**
 * The Hessian ∇²f(x) of a {@link Problem} at a bound point x as a {@link SymmetricOperator}: the
 * problem's exact Hessian-vector product, or, for problems without one, the central difference
 * of gradients
 * <pre>  ∇²f(x)·v ≈ (∇f(x + hv) − ∇f(x − hv)) / (2h),   h = ε^{1/3}·(1 + ‖x‖)/‖v‖,</pre>
 * with ε the unit roundoff of the point's dtype (float32 when any block is float32),
 * whose error O(h²‖∇³f‖ + ε‖∇f‖/h) is balanced by that step (Nocedal &amp; Wright, Numerical
 * Optimization, 2nd ed., §8.1). Two gradients per product; the result is symmetric only up to
 * that error, so Lanczos residuals below about 10⁻⁸ are not reachable with it.
 *
 * <p>Buffers are reused across {@link #bind} calls for points of the same structure. Not
 * thread-safe.
 */
public final class HessianOperator implements SymmetricOperator {

    /** How products are formed. */
    public enum Mode {
        /** The problem's Hessian-vector product; fails if it has none. */
        EXACT,
        /** Central differences of gradients. */
        CENTRAL_DIFFERENCE,
        /** EXACT when the problem has a Hessian-vector product, CENTRAL_DIFFERENCE otherwise. */
        AUTO;

        /** The mode named exact, central_difference (or fd) or auto. */
        public static Mode of(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "exact" -> EXACT;
                case "central_difference", "fd", "finite_difference" -> CENTRAL_DIFFERENCE;
                case "auto" -> AUTO;
                default -> throw new IllegalArgumentException("hvp = " + name
                        + " is not one of auto, exact, central_difference");
            };
        }
    }

    private static final double CBRT_EPS64 = Math.cbrt(Math.ulp(1.0));
    private static final double CBRT_EPS32 = Math.cbrt(Math.ulp(1.0f));

    private final Mode mode;
    private Problem problem;
    private Blocks x;
    private boolean exact;
    private double cbrtEps;
    private Blocks shifted;
    private Blocks gPlus;
    private Blocks gMinus;

    /** An unbound operator; {@link #bind} it before use. */
    public HessianOperator(Mode mode) {
        this.mode = mode;
    }

    /** Binds the operator to ∇²f at x (x is referenced, not copied: keep it unchanged while in use). */
    public HessianOperator bind(Problem p, Blocks point) {
        boolean hasHvp = p.hasHessianVectorProduct();
        if (mode == Mode.EXACT && !hasHvp) {
            throw new IllegalStateException("problem '" + p.name() + "' provides no Hessian-vector product (use "
                    + "hvp: auto or central_difference)");
        }
        this.problem = p;
        this.x = point;
        this.exact = mode != Mode.CENTRAL_DIFFERENCE && hasHvp;
        this.cbrtEps = CBRT_EPS64;
        for (int i = 0; i < point.count(); i++) {
            if (point.tensor(i).dtype() == dev.curvature.core.DType.F32) {
                cbrtEps = CBRT_EPS32;
            }
        }
        if (!exact && !Workspaces.sameStructure(shifted, point)) {
            shifted = point.zerosLike();
            gPlus = point.zerosLike();
            gMinus = point.zerosLike();
        }
        return this;
    }

    /** True when the bound problem's exact product is used. */
    public boolean isExact() {
        return exact;
    }

    @Override
    public void apply(Blocks v, Blocks out) {
        if (problem == null) {
            throw new IllegalStateException("hessian operator: not bound to a problem and point");
        }
        if (exact) {
            problem.hessianVectorProduct(x, v, out);
            return;
        }
        double vn = v.norm();
        if (vn == 0) {
            out.fill(0.0);
            return;
        }
        double h = cbrtEps * (1 + x.norm()) / vn;
        shifted.assign(x).addScaled(h, v);
        problem.valueAndGradient(shifted, gPlus);
        shifted.assign(x).addScaled(-h, v);
        problem.valueAndGradient(shifted, gMinus);
        out.assign(gPlus).addScaled(-1.0, gMinus).scale(1 / (2 * h));
    }
}
