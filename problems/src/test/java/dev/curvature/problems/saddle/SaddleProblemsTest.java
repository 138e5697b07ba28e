package dev.curvature.problems.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.problems.FiniteDifferences;
import dev.curvature.problems.classic.Rosenbrock;
import org.junit.jupiter.api.Test;

/** The octopus (constants, continuity, domain), the small examples and the strict saddle. */
class SaddleProblemsTest {
    private static final double E = Math.E;

    private static Octopus octopus(int d, double l) {
        return new Octopus(d, l, 1, E, 1, Octopus.Outside.INF, DType.F64);
    }

    private static Blocks point(double... v) {
        return Blocks.single(Tensor.vector(v));
    }

    @Test
    void octopusConstants() {
        for (double l : new double[] {1, 1.5, 2, 3, E}) {
            for (double gamma : new double[] {1, 0.5}) {
                double tau = E;
                Octopus o = new Octopus(4, l, gamma, tau, 1, Octopus.Outside.INF, DType.F64);
                double tol = 1e-12 * (1 + l) * tau * tau * tau;
                assertEquals((13 * gamma + 37 * l) * tau * tau / 6, o.nu(), tol);
                assertEquals(-4 * o.nu(), o.optimum().getAsDouble(), tol);
                assertEquals(-4 * o.nu(), o.value(o.minimizer()), tol);
                assertEquals(0, o.value(point(0, 0, 0, 0)), 0);
                assertEquals(-gamma * tau * tau, o.g1(tau), tol);
                assertEquals(-2 * gamma * tau, o.g1d(tau), tol);
                assertEquals(-2 * gamma, o.g1dd(tau), tol);
                assertEquals(-4 * l * tau, o.g1d(2 * tau), tol);
                assertEquals(2 * l, o.g1dd(2 * tau), tol);
                assertEquals(l, o.g2(tau), tol);
                assertEquals(-gamma, o.g2(2 * tau), tol);
                assertEquals(0, o.g2d(tau), tol);
                assertEquals(0, o.g2d(2 * tau), tol);
            }
        }
    }

    /** Value and gradient agree on both sides of |x_i| = τ and |x_i| = 2τ, in every position i. */
    @Test
    void octopusIsContinuousAcrossTheBoundaries() {
        RandomStream rng = RandomStream.of(1);
        for (double l : new double[] {1, 3, E}) {
            int d = 4;
            Octopus o = octopus(d, l);
            for (int i = 0; i < d; i++) {
                for (double boundary : new double[] {E, 2 * E}) {
                    for (int trial = 0; trial < 5; trial++) {
                        double[] x = new double[d];
                        for (int j = 0; j < d; j++) {
                            double sign = rng.nextDouble() < 0.5 ? -1 : 1;
                            double u = j < i ? (2.2 + 3 * rng.nextDouble()) * E : j == i ? boundary
                                    : 0.9 * E * rng.nextDouble();
                            x[j] = sign * u;
                        }
                        double eps = 1e-9;
                        double[] below = x.clone();
                        double[] above = x.clone();
                        below[i] -= Math.signum(x[i]) * eps;
                        above[i] += Math.signum(x[i]) * eps;
                        Blocks gb = point(new double[d]);
                        Blocks ga = point(new double[d]);
                        double fb = o.valueAndGradient(point(below), gb);
                        double fa = o.valueAndGradient(point(above), ga);
                        assertTrue(Double.isFinite(fa) && Double.isFinite(fb), "inside the domain");
                        assertEquals(fb, fa, 1e-6 * Math.max(1, Math.abs(fa)), "value at |x_" + i + "| = " + boundary);
                        double gerr = gb.copy().addScaled(-1, ga).norm();
                        assertTrue(gerr <= 1e-6 * Math.max(1, ga.norm()), "gradient jump " + gerr + " at |x_" + i + "| = "
                                + boundary + " (L = " + l + ")");
                    }
                }
            }
        }
    }

    /** Random points in every piece (6)–(10), with random signs, away from the boundaries. */
    @Test
    void octopusGradientAndHvpMatchFiniteDifferences() {
        RandomStream rng = RandomStream.of(2);
        for (int d : new int[] {1, 2, 5}) {
            for (double l : new double[] {1, 1.5, E}) {
                Octopus o = octopus(d, l);
                for (int i = 0; i <= d; i++) {
                    for (boolean inner : new boolean[] {true, false}) {
                        double[] x = new double[d];
                        for (int j = 0; j < d; j++) {
                            double u;
                            if (j < i) {
                                u = (2.05 + 3.5 * rng.nextDouble()) * E;
                            } else if (j == i) {
                                u = inner ? (0.02 + 0.96 * rng.nextDouble()) * E : (1.02 + 0.96 * rng.nextDouble()) * E;
                            } else {
                                u = (0.02 + 0.96 * rng.nextDouble()) * E;
                            }
                            x[j] = (rng.nextDouble() < 0.5 ? -1 : 1) * u;
                        }
                        Blocks p = point(x);
                        FiniteDifferences.checkGradient(o, p, rng, 10);
                        FiniteDifferences.checkHvp(o, p, rng);
                    }
                }
            }
        }
    }

    @Test
    void octopusOutsideTheDomain() {
        Octopus inf = octopus(3, E);
        Blocks x = point(0.5, 1.5 * E, 0); // u_1 ≤ 2τ but u_2 > τ
        Blocks g = point(0, 0, 0);
        assertEquals(Double.POSITIVE_INFINITY, inf.valueAndGradient(x, g));
        assertTrue(Double.isNaN(g.tensor(0).get(0)));
        Octopus err = new Octopus(3, E, 1, E, 1, Octopus.Outside.ERROR, DType.F64);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> err.value(x));
        assertTrue(e.getMessage().startsWith("octopus: x is outside the domain of the construction: |x_2| = 4.07"),
                e.getMessage());
        assertEquals("octopus: outside = nan is not one of inf, error",
                assertThrows(IllegalArgumentException.class, () -> Octopus.outside("nan")).getMessage());
        // The tentacles: saddles with f = −(i−1)ν and a zero gradient.
        Octopus o = octopus(3, 2);
        Blocks saddle = point(-4 * E, 4 * E, 0);
        Blocks gs = point(0, 0, 0);
        assertEquals(-2 * o.nu(), o.valueAndGradient(saddle, gs), 1e-10);
        assertEquals(0, gs.norm(), 1e-12);
    }

    @Test
    void smallExamplesRosenbrockAndQuadraticMatchFiniteDifferences() {
        RandomStream rng = RandomStream.of(3);
        QuarticWell w = new QuarticWell(2, 0, DType.F64);
        Quartic2d q = new Quartic2d(1, 0.5, 0, DType.F64);
        Rosenbrock r = new Rosenbrock(6, DType.F64);
        dev.curvature.problems.classic.Quadratic quad = new dev.curvature.problems.classic.Quadratic(5, 1, 30, 1, 2,
                DType.F64);
        Blocks xq = quad.initialPoint(rng);
        FiniteDifferences.checkGradient(quad, xq, rng, 10);
        FiniteDifferences.checkHvp(quad, xq, rng);
        for (int trial = 0; trial < 5; trial++) {
            Blocks x1 = point(3 * rng.nextGaussian());
            FiniteDifferences.checkGradient(w, x1, rng, 10);
            FiniteDifferences.checkHvp(w, x1, rng);
            Blocks x2 = point(2 * rng.nextGaussian(), 2 * rng.nextGaussian());
            FiniteDifferences.checkGradient(q, x2, rng, 10);
            FiniteDifferences.checkHvp(q, x2, rng);
            Blocks x6 = Blocks.single(rng.fillNormal(Tensor.zeros(DType.F64, 6), 0, 1.5));
            FiniteDifferences.checkGradient(r, x6, rng, 10);
            FiniteDifferences.checkHvp(r, x6, rng);
        }
        assertEquals(-0.25, w.value(point(1)), 0);
        assertEquals(-0.25, w.value(point(-1)), 0);
        assertEquals(0, q.value(point(1.7, -1.7)), 0);
        // Example 2.7: along y = −x the gradient vanishes while ‖∇²f‖_F = 4‖(x, y)‖²/2·… = 4x²·√… grows.
        Blocks g = point(0, 0);
        q.valueAndGradient(point(3, -3), g);
        assertEquals(0, g.norm(), 0);
        Blocks h1 = point(0, 0);
        Blocks h2 = point(0, 0);
        q.hessianVectorProduct(point(3, -3), point(1, 0), h1);
        q.hessianVectorProduct(point(3, -3), point(0, 1), h2);
        double frob = Math.sqrt(h1.dot(h1) + h2.dot(h2));
        assertEquals(4 * 9, frob, 1e-12, "‖∇²f‖_F = 4x² on y = −x");
    }

    @Test
    void strictSaddleDerivativesOptimumAndExactSpectrum() {
        RandomStream rng = RandomStream.of(4);
        StrictSaddle s = new StrictSaddle(30, 2, -0.7, 0.2, 3, 1.5, 0, DType.F64);
        double[] spec = s.saddleSpectrum();
        assertEquals(-0.7, spec[0]);
        assertEquals(-0.7, spec[1]);
        assertEquals(0.2, spec[2], 1e-15);
        assertEquals(3, spec[29], 1e-14);
        Blocks zero = Blocks.single(Tensor.zeros(DType.F64, 30));
        assertEquals(-0.7, s.minHessianEigenvalue(zero), 1e-15);
        double xmin = Math.sqrt(0.7 / 1.5);
        Blocks min = zero.copy();
        min.tensor(0).set(xmin, 1);
        assertEquals(-0.49 / 6, s.optimum().getAsDouble(), 1e-15);
        assertEquals(s.optimum().getAsDouble(), s.value(min), 1e-15);
        for (int trial = 0; trial < 4; trial++) {
            Blocks x = Blocks.single(rng.fillNormal(Tensor.zeros(DType.F64, 30), 0, 0.4));
            FiniteDifferences.checkGradient(s, x, rng, 30);
            FiniteDifferences.checkHvp(s, x, rng);
            assertEquals(denseMinEigenvalue(s, x), s.minHessianEigenvalue(x), 1e-10);
        }
        // Repeated smallest diagonal: at a minimum along e_1 the other negative direction keeps λ = 0.
        assertEquals(denseMinEigenvalue(s, min), s.minHessianEigenvalue(min), 1e-10);
    }

    /** λ_min of the Hessian assembled from HVPs with the library's eigendecomposition. */
    static double denseMinEigenvalue(StrictSaddle s, Blocks x) {
        int d = (int) x.size();
        Tensor h = Tensor.zeros(DType.F64, d, d);
        for (int j = 0; j < d; j++) {
            Blocks e = Blocks.single(Tensor.zeros(DType.F64, d));
            e.tensor(0).set(1, j);
            Blocks out = Blocks.single(Tensor.zeros(DType.F64, d));
            s.hessianVectorProduct(x, e, out);
            for (int i = 0; i < d; i++) {
                h.set(out.tensor(0).get(i), i, j);
            }
        }
        return Linalg.eigh(h).values().get(0);
    }
}
