package dev.curvature.lab.examples;

import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.number;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Component;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A problem in one file: the Styblinski–Tang function (Styblinski &amp; Tang, "Experiments in
 * nonconvex optimization: stochastic approximation with function smoothing and simulated
 * annealing", Neural Networks 1990), separable and nonconvex:
 * <pre>  f(x) = ½ Σ_i (x_i⁴ − 16x_i² + 5x_i),   ∂f/∂x_i = 2x_i³ − 16x_i + 5/2,   ∂²f/∂x_i² = 6x_i² − 16.</pre>
 * Each coordinate has a global minimizer near −2.9035, a worse local one near 2.7468 and a local
 * maximum near 0.157, so 2ⁿ local minima in all; f* = n·f₁(x₁*), with x₁* computed by Newton's method.
 * The Hessian is diagonal, so its product with v is a coordinate-wise product. The initial point
 * is x₀ in every coordinate plus N(0, r²) noise from the run's stream.
 */
public final class StyblinskiTang implements Problem {

    /** The registration: a module passes it to {@code registries.problems().register(...)}. */
    public static final Component<Problem> COMPONENT = new Component<>("styblinski_tang",
            "½Σ(x⁴ − 16x² + 5x): separable, 2ⁿ local minima, f* ≈ −39.166·n",
            "Styblinski & Tang, Neural Networks 3(4), 1990",
            List.of(integer("n", 2L).atLeast(1).symbol("n").doc("dimension"),
                    number("x0", 0.0).finite().symbol("x₀").doc("start of every coordinate"),
                    number("init_radius", 0.0).nonNegative().symbol("r").doc("std of the noise added to the start")),
            h -> new StyblinskiTang(h.intValue("n"), h.number("x0"), h.number("init_radius")));

    private final int n;
    private final double x0;
    private final double radius;

    /** The function in {@code n} dimensions started at x₀ (every coordinate) plus noise of std {@code radius}. */
    public StyblinskiTang(int n, double x0, double radius) {
        this.n = (int) Check.atLeast("styblinski_tang", "n", n, 1);
        this.x0 = Check.finite("styblinski_tang", "x0", x0);
        this.radius = Check.nonNegative("styblinski_tang", "init_radius", radius);
    }

    @Override
    public String name() {
        return "styblinski_tang";
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor x = Tensor.zeros(DType.F64, n);
        for (int i = 0; i < n; i++) {
            x.set(x0 + (radius > 0 ? radius * rng.nextGaussian() : 0), i);
        }
        return Blocks.single("x", x);
    }

    @Override
    public double value(Blocks xb) {
        Tensor x = xb.tensor(0);
        double f = 0;
        for (int i = 0; i < n; i++) {
            double xi = x.get(i);
            f += term(xi);
        }
        return f;
    }

    @Override
    public double valueAndGradient(Blocks xb, Blocks gb) {
        Tensor x = xb.tensor(0);
        Tensor g = gb.tensor(0);
        double f = 0;
        for (int i = 0; i < n; i++) {
            double xi = x.get(i);
            f += term(xi);
            g.set(derivative(xi), i);
        }
        return f;
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks xb, Blocks vb, Blocks out) {
        Tensor x = xb.tensor(0);
        Tensor v = vb.tensor(0);
        Tensor o = out.tensor(0);
        for (int i = 0; i < n; i++) {
            double xi = x.get(i);
            o.set((6 * xi * xi - 16) * v.get(i), i);
        }
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(n * term(minimizer()));
    }

    /**
     * The global minimizer of one coordinate, the root of 2x³ − 16x + 5/2 near −2.9: Newton's
     * method from −3 converges there monotonically, since the cubic is convex for x &lt; 0.
     */
    public static double minimizer() {
        double x = -3;
        for (int k = 0; k < 50; k++) {
            x -= derivative(x) / (6 * x * x - 16);
        }
        return x;
    }

    private static double term(double x) {
        double x2 = x * x;
        return 0.5 * (x2 * x2 - 16 * x2 + 5 * x);
    }

    private static double derivative(double x) {
        return 2 * x * x * x - 16 * x + 2.5;
    }
}
