package dev.curvature.problems.saddle;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * The two-dimensional counter-example of Bodard &amp; Patrinos (arXiv 2509.15817, Example 2.7):
 * <pre>  f(x, y) = ¼x⁴ + ¼y⁴ − ½x²y² = ¼(x² − y²)²,</pre>
 * which is not (L0, L1)-smooth: along y = −x the gradient vanishes while ‖∇²f‖_F = 4‖x‖². Its
 * gradient is (x³ − xy², y³ − x²y) and its Hessian [[3x² − y², −2xy], [−2xy, 3y² − x²]]; the minimum
 * f* = 0 is attained on the lines |x| = |y|, and the origin is a degenerate critical point. The
 * initial point is (x0, y0) plus N(0, noise²) per coordinate. Immutable.
 */
public final class Quartic2d implements Problem {
    private final double x0;
    private final double y0;
    private final double noise;
    private final DType dtype;

    public Quartic2d(double x0, double y0, double noise, DType dtype) {
        this.x0 = Check.finite("quartic_2d", "x0", x0);
        this.y0 = Check.finite("quartic_2d", "y0", y0);
        this.noise = Check.nonNegative("quartic_2d", "noise", noise);
        this.dtype = dtype;
    }

    @Override
    public String name() {
        return "quartic_2d";
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor t = Tensor.zeros(dtype, 2);
        t.set(x0 + (noise > 0 ? noise * rng.nextGaussian() : 0), 0);
        t.set(y0 + (noise > 0 ? noise * rng.nextGaussian() : 0), 1);
        return Blocks.single(t);
    }

    @Override
    public double value(Blocks b) {
        Tensor t = b.tensor(0);
        double x = t.get(0);
        double y = t.get(1);
        double d = x * x - y * y;
        return 0.25 * d * d;
    }

    @Override
    public double valueAndGradient(Blocks b, Blocks grad) {
        Tensor t = b.tensor(0);
        double x = t.get(0);
        double y = t.get(1);
        double d = x * x - y * y;
        grad.tensor(0).set(x * d, 0);
        grad.tensor(0).set(-y * d, 1);
        return 0.25 * d * d;
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks b, Blocks v, Blocks out) {
        Tensor t = b.tensor(0);
        double x = t.get(0);
        double y = t.get(1);
        double v0 = v.tensor(0).get(0);
        double v1 = v.tensor(0).get(1);
        double hxx = 3 * x * x - y * y;
        double hxy = -2 * x * y;
        double hyy = 3 * y * y - x * x;
        out.tensor(0).set(hxx * v0 + hxy * v1, 0);
        out.tensor(0).set(hxy * v0 + hyy * v1, 1);
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(0);
    }
}
