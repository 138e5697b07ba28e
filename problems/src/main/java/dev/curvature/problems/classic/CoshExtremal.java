package dev.curvature.problems.classic;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * The extremal one-dimensional (H0,H1)-smooth function
 * <pre>  f(w) = (H0/H1)·(cosh(√H1·w) − 1),  f* = 0 at w = 0,</pre>
 * for which the bound ‖∇²f(w)‖ ≤ H0 + H1·(f(w) − f*) of Alimisis, Islamov &amp; Lucchi ("Why do we
 * need warm-up?", arXiv 2510.03164, Def. 3.1) holds with equality: f″ = H0·cosh(√H1·w) = H0 + H1·f.
 * The start w₀ = arccosh(1 + H1·f₀/H0)/√H1 has the requested initial loss f₀. Gradient
 * f′ = (H0/√H1)·sinh(√H1·w); Hessian-vector product f″·v.
 */
public final class CoshExtremal implements Problem {
    private final double h0;
    private final double h1;
    private final double f0;
    private final DType dtype;
    private final double root;

    public CoshExtremal(double h0, double h1, double f0, DType dtype) {
        this.h0 = Check.positive("cosh_extremal", "h0", h0);
        this.h1 = Check.positive("cosh_extremal", "h1", h1);
        this.f0 = Check.nonNegative("cosh_extremal", "f0", f0);
        this.dtype = dtype;
        this.root = Math.sqrt(h1);
    }

    @Override
    public String name() {
        return "cosh_extremal";
    }

    /** The start w₀ with f(w₀) = f₀. */
    public double start() {
        double c = 1 + h1 * f0 / h0;
        return Math.log(c + Math.sqrt(c * c - 1)) / root;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor w = Tensor.zeros(dtype, 1);
        w.set(start(), 0);
        return Blocks.single("w", w);
    }

    @Override
    public double value(Blocks x) {
        return h0 / h1 * (Math.cosh(root * x.tensor(0).get(0)) - 1);
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        double w = x.tensor(0).get(0);
        grad.tensor(0).set(h0 / root * Math.sinh(root * w), 0);
        return h0 / h1 * (Math.cosh(root * w) - 1);
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        out.tensor(0).set(h0 * Math.cosh(root * x.tensor(0).get(0)) * v.tensor(0).get(0), 0);
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(0.0);
    }
}
