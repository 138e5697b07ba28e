package dev.curvature.problems.saddle;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import dev.curvature.optim.saddle.HessianSpectrum;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * A strict saddle with tunable eigenvalues in any dimension d, bounded below by a quartic:
 * <pre>  f(x) = ½·Σ_i λ_i·x_i² + (μ/4)·‖x‖⁴,</pre>
 * ∇f(x) = (Λ + μ‖x‖²I)x and ∇²f(x) = Λ + μ‖x‖²I + 2μ·xxᵀ. The origin is a strict saddle with
 * Hessian Λ = diag(λ): the first {@code n_neg} eigenvalues equal {@code lambda_neg} &lt; 0 and the
 * others are spaced geometrically in [{@code lambda_pos_min}, {@code lambda_pos_max}]. The minima
 * are x = ±√(−λ_neg/μ)·e_i for the negative directions, f* = −λ_neg²/(4μ). The coordinates are
 * the eigenbasis (the escape of gradient descent from a ball perturbation does not depend on the
 * basis). The initial point is uniform in the ball of radius {@code init_radius} around the saddle
 * (0: exactly at the saddle).
 *
 * <p>λ_min(∇²f(x)) is known exactly at every x ({@link HessianSpectrum}): ∇²f is the diagonal
 * D = Λ + μ‖x‖²I plus the rank-one 2μ·xxᵀ, whose smallest eigenvalue is the root of the secular
 * equation 1 + 2μ·Σ_i x_i²/(D_i − λ) = 0 in [min D, next distinct D), found by bisection; it is
 * min D itself when min D is repeated or x has no component along its eigenvectors. Not
 * thread-safe: confine an instance to one run.
 */
public final class StrictSaddle implements Problem, HessianSpectrum {
    private final int d;
    private final double[] lambda;
    private final double mu;
    private final double initRadius;
    private final DType dtype;

    public StrictSaddle(int d, int nNeg, double lambdaNeg, double lambdaPosMin, double lambdaPosMax, double mu,
                        double initRadius, DType dtype) {
        this.d = (int) Check.atLeast("strict_saddle", "d", d, 1);
        Check.range("strict_saddle", "n_neg", nNeg, 1, true, d, true);
        Check.range("strict_saddle", "lambda_neg", lambdaNeg, Double.NEGATIVE_INFINITY, false, 0, false);
        Check.positive("strict_saddle", "lambda_pos_min", lambdaPosMin);
        Check.range("strict_saddle", "lambda_pos_max", lambdaPosMax, lambdaPosMin, true, Double.POSITIVE_INFINITY, false);
        this.mu = Check.positive("strict_saddle", "mu", mu);
        this.initRadius = Check.nonNegative("strict_saddle", "init_radius", initRadius);
        this.dtype = dtype;
        this.lambda = new double[d];
        int nPos = d - nNeg;
        for (int i = 0; i < d; i++) {
            if (i < nNeg) {
                lambda[i] = lambdaNeg;
            } else {
                int k = i - nNeg;
                lambda[i] = nPos == 1 ? lambdaPosMin
                        : lambdaPosMin * Math.pow(lambdaPosMax / lambdaPosMin, (double) k / (nPos - 1));
            }
        }
    }

    @Override
    public String name() {
        return "strict_saddle";
    }

    /** The eigenvalues of the Hessian at the saddle 0. */
    public double[] saddleSpectrum() {
        return lambda.clone();
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor x = Tensor.zeros(dtype, d);
        if (initRadius > 0) {
            rng.uniformInBall(x, initRadius);
        }
        return Blocks.single(x);
    }

    @Override
    public double value(Blocks xb) {
        Tensor x = xb.tensor(0);
        double q = 0;
        double ss = 0;
        for (int i = 0; i < d; i++) {
            double v = x.get(i);
            q += lambda[i] * v * v;
            ss += v * v;
        }
        return 0.5 * q + 0.25 * mu * ss * ss;
    }

    @Override
    public double valueAndGradient(Blocks xb, Blocks gb) {
        Tensor x = xb.tensor(0);
        Tensor g = gb.tensor(0);
        double q = 0;
        double ss = 0;
        for (int i = 0; i < d; i++) {
            double v = x.get(i);
            q += lambda[i] * v * v;
            ss += v * v;
        }
        double m = mu * ss;
        for (int i = 0; i < d; i++) {
            double v = x.get(i);
            g.set((lambda[i] + m) * v, i);
        }
        return 0.5 * q + 0.25 * mu * ss * ss;
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
        double ss = 0;
        double xv = 0;
        for (int i = 0; i < d; i++) {
            double xi = x.get(i);
            ss += xi * xi;
            xv += xi * v.get(i);
        }
        double m = mu * ss;
        double c = 2 * mu * xv;
        for (int i = 0; i < d; i++) {
            o.set((lambda[i] + m) * v.get(i) + c * x.get(i), i);
        }
    }

    @Override
    public OptionalDouble optimum() {
        double lmin = Arrays.stream(lambda).min().orElseThrow();
        return OptionalDouble.of(-lmin * lmin / (4 * mu));
    }

    @Override
    public double minHessianEigenvalue(Blocks xb) {
        Tensor x = xb.tensor(0);
        double ss = 0;
        for (int i = 0; i < d; i++) {
            ss += x.get(i) * x.get(i);
        }
        double shift = mu * ss;
        double rho = 2 * mu;
        // Group equal diagonal entries D_i = λ_i + μ‖x‖²: the secular equation sees their summed z².
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(lambda[p], lambda[q]));
        double[] dv = new double[d];
        double[] zz = new double[d];
        int[] mult = new int[d];
        int groups = 0;
        for (int k = 0; k < d; k++) {
            int i = order[k];
            double di = lambda[i] + shift;
            double z2 = x.get(i) * x.get(i);
            if (groups > 0 && dv[groups - 1] == di) {
                zz[groups - 1] += z2;
                mult[groups - 1]++;
            } else {
                dv[groups] = di;
                zz[groups] = z2;
                mult[groups] = 1;
                groups++;
            }
        }
        if (mult[0] > 1 || zz[0] == 0) {
            return dv[0]; // an eigenvector of D orthogonal to x keeps its eigenvalue
        }
        double lo = dv[0];
        double hi = groups > 1 ? dv[1] : dv[0] + rho * ss;
        for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); it++) {
            double mid = 0.5 * (lo + hi);
            double s = 1;
            for (int k = 0; k < groups; k++) {
                s += rho * zz[k] / (dv[k] - mid);
            }
            // The secular function increases from −∞ (just above D_1) to +∞ (just below D_2).
            if (s < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
