package dev.curvature.problems.classic;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * A strongly convex quadratic f(x) = ½(x − x*)ᵀA(x − x*) with A = Q·diag(λ)·Qᵀ, Q Haar-random and
 * eigenvalues λ geometrically spaced in [μ, L] (condition number L/μ); f* = 0 at x*, a random unit
 * vector. The matrix and x* are drawn from {@code instanceSeed}; the initial point x₀ = x* + e with
 * e uniform on the sphere of radius {@code startDistance}, from the run's stream.
 */
public final class Quadratic implements Problem {
    private final int n;
    private final double startDistance;
    private final Tensor a;
    private final Tensor xStar;
    private final Tensor diff;
    private final DType dtype;

    public Quadratic(int n, double mu, double l, double startDistance, long instanceSeed, DType dtype) {
        this.n = (int) Check.atLeast("quadratic", "n", n, 1);
        Check.positive("quadratic", "mu", mu);
        Check.range("quadratic", "L", l, mu, true, Double.POSITIVE_INFINITY, false);
        this.startDistance = Check.positive("quadratic", "start_distance", startDistance);
        this.dtype = dtype;
        RandomStream rng = RandomStream.of(instanceSeed);
        Tensor q = rng.haarOrthogonal(DType.F64, n, n);
        Tensor qd = q.copy();
        for (int j = 0; j < n; j++) {
            double lambda = n == 1 ? l : mu * Math.pow(l / mu, (double) j / (n - 1));
            qd.col(j).scale(lambda);
        }
        this.a = Linalg.matmul(qd, q.t()).to(dtype);
        this.xStar = rng.uniformOnSphere(Tensor.zeros(dtype, n), 1.0);
        this.diff = Tensor.zeros(dtype, n);
    }

    @Override
    public String name() {
        return "quadratic";
    }

    /** The Hessian A. */
    public Tensor hessian() {
        return a;
    }

    /** The minimizer x*. */
    public Tensor minimizer() {
        return xStar;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor x = rng.uniformOnSphere(Tensor.zeros(dtype, n), startDistance).add(xStar);
        return Blocks.single(x);
    }

    @Override
    public double value(Blocks x) {
        Tensor g = Tensor.zeros(dtype, n);
        return valueAndGradient(x, Blocks.single(g));
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        diff.assign(x.tensor(0)).sub(xStar);
        Tensor g = grad.tensor(0);
        Linalg.gemv(1.0, a, diff, 0.0, g);
        return 0.5 * diff.dot(g);
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        Linalg.gemv(1.0, a, v.tensor(0), 0.0, out.tensor(0));
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(0.0);
    }
}
