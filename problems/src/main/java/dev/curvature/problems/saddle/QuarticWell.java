package dev.curvature.problems.saddle;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * The one-dimensional example of Bodard &amp; Patrinos (arXiv 2509.15817, Example 3.4):
 * <pre>  f(x) = x⁴/4 − x²/2,   f′(x) = x³ − x,   f″(x) = 3x² − 1,</pre>
 * a non-Lipschitz-smooth double well with a strict saddle (a maximum) at 0 and minima f* = −1/4 at
 * x = ±1. With φ = cosh(|·|) − 1 its preconditioned Hessian is H_λ(x) = (3x² − 1)/√(1 + λ²(x³ − x)²).
 * The initial point is {@code x0} plus N(0, noise²) from the run's stream. Immutable.
 */
public final class QuarticWell implements Problem {
    private final double x0;
    private final double noise;
    private final DType dtype;

    public QuarticWell(double x0, double noise, DType dtype) {
        this.x0 = Check.finite("quartic_well", "x0", x0);
        this.noise = Check.nonNegative("quartic_well", "noise", noise);
        this.dtype = dtype;
    }

    @Override
    public String name() {
        return "quartic_well";
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        return Blocks.single(Tensor.zeros(dtype, 1).fill(x0 + (noise > 0 ? noise * rng.nextGaussian() : 0)));
    }

    @Override
    public double value(Blocks x) {
        double v = x.tensor(0).get(0);
        double v2 = v * v;
        return 0.25 * v2 * v2 - 0.5 * v2;
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        double v = x.tensor(0).get(0);
        grad.tensor(0).set(v * v * v - v, 0);
        return value(x);
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        double p = x.tensor(0).get(0);
        out.tensor(0).set((3 * p * p - 1) * v.tensor(0).get(0), 0);
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(-0.25);
    }
}
