package dev.curvature.diagnostics;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * f(x) = Σ_i (x_i⁴/4 − x_i²/2): minima at x_i = ±1 (f* = −n/4), strict saddles wherever some
 * x_i = 0 (curvature f″ = −1 there). In one dimension it is Example 3.4 of Bodard &amp; Patrinos.
 */
final class QuarticWells implements Problem {
    private final int n;

    QuarticWells(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "quartic_wells";
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        return Blocks.single(rng.fillUniform(Tensor.zeros(DType.F64, n), -2, 2));
    }

    @Override
    public double value(Blocks x) {
        double f = 0;
        for (int i = 0; i < n; i++) {
            double xi = x.tensor(0).get(i);
            f += xi * xi * xi * xi / 4 - xi * xi / 2;
        }
        return f;
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        for (int i = 0; i < n; i++) {
            double xi = x.tensor(0).get(i);
            grad.tensor(0).set(xi * xi * xi - xi, i);
        }
        return value(x);
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        for (int i = 0; i < n; i++) {
            double xi = x.tensor(0).get(i);
            out.tensor(0).set((3 * xi * xi - 1) * v.tensor(0).get(i), i);
        }
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(-n / 4.0);
    }

    static Blocks point(double... x) {
        return Blocks.single(Tensor.vector(x));
    }
}
