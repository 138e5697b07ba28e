package dev.curvature.problems.classic;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * The Rosenbrock function in n ≥ 2 dimensions (Rosenbrock, "An automatic method for finding the
 * greatest or least value of a function", Comput. J. 1960; chained form of Dixon &amp; Mills 1994):
 * <pre>  f(x) = Σ_{i=1}^{n−1} [ a·(x_{i+1} − x_i²)² + (1 − x_i)² ],  a = 100,</pre>
 * minimum f* = 0 at x = (1, …, 1), with an exact gradient and Hessian-vector product. The initial
 * point is the classic (−1.2, 1, −1.2, 1, …), perturbed by N(0, σ²) noise from the run's stream
 * when σ &gt; 0.
 */
public final class Rosenbrock implements Problem {
    private final int n;
    private final double a;
    private final double noise;
    private final DType dtype;

    public Rosenbrock(int n, double a, double noise, DType dtype) {
        this.n = (int) Check.atLeast("rosenbrock", "n", n, 2);
        this.a = Check.positive("rosenbrock", "a", a);
        this.noise = Check.nonNegative("rosenbrock", "noise", noise);
        this.dtype = dtype;
    }

    /** The standard a = 100 function started from the classic point. */
    public Rosenbrock(int n, DType dtype) {
        this(n, 100, 0, dtype);
    }

    @Override
    public String name() {
        return "rosenbrock";
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor x = Tensor.zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            x.set((i % 2 == 0 ? -1.2 : 1.0) + (noise > 0 ? noise * rng.nextGaussian() : 0), i);
        }
        return Blocks.single(x);
    }

    @Override
    public double value(Blocks xb) {
        Tensor x = xb.tensor(0);
        double f = 0;
        for (int i = 0; i < n - 1; i++) {
            double xi = x.get(i);
            double r = x.get(i + 1) - xi * xi;
            f += a * r * r + (1 - xi) * (1 - xi);
        }
        return f;
    }

    @Override
    public double valueAndGradient(Blocks xb, Blocks gb) {
        Tensor x = xb.tensor(0);
        Tensor g = gb.tensor(0);
        double f = 0;
        double carry = 0; // ∂/∂x_i of the term i−1: 2a(x_i − x_{i−1}²)
        for (int i = 0; i < n; i++) {
            double xi = x.get(i);
            double gi = carry;
            if (i < n - 1) {
                double r = x.get(i + 1) - xi * xi;
                f += a * r * r + (1 - xi) * (1 - xi);
                gi += -4 * a * xi * r - 2 * (1 - xi);
                carry = 2 * a * r;
            }
            g.set(gi, i);
        }
        return f;
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    /**
     * H·v with the tridiagonal Hessian: H_ii = 2 + 12a·x_i² − 4a·x_{i+1} (i &lt; n), + 2a (i &gt; 1);
     * H_{i,i+1} = H_{i+1,i} = −4a·x_i.
     */
    @Override
    public void hessianVectorProduct(Blocks xb, Blocks vb, Blocks out) {
        Tensor x = xb.tensor(0);
        Tensor v = vb.tensor(0);
        Tensor o = out.tensor(0);
        for (int i = 0; i < n; i++) {
            double xi = x.get(i);
            double diag = i > 0 ? 2 * a : 0;
            double hv = 0;
            if (i < n - 1) {
                diag += 2 + 12 * a * xi * xi - 4 * a * x.get(i + 1);
                hv += -4 * a * xi * v.get(i + 1);
            }
            if (i > 0) {
                hv += -4 * a * x.get(i - 1) * v.get(i - 1);
            }
            o.set(diag * v.get(i) + hv, i);
        }
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(0.0);
    }
}
