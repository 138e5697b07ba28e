package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.optim.saddle.Preconditioner;
import dev.curvature.problems.classic.Rosenbrock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ε-SOSP certificates, plain and preconditioned, on hand-made cases with known answers. */
class PreconditionedSospTest {
    private static final Lanczos.Options OPTIONS = new Lanczos.Options(30, 8, 1e-12, 2000);

    @Test
    void originOfTheDoubleWellIsAStrictSaddle() {
        // f = x⁴/4 − x²/2 at 0: ∇f = 0, f″ = −1.
        SospChecker c = new SospChecker(OPTIONS, HessianOperator.Mode.EXACT);
        SospCertificate s = c.plain(new QuarticWells(1), QuarticWells.point(0), 1e-3, 1, RandomStream.of(1));
        assertEquals(0, s.stationarity(), 0);
        assertEquals(-1, s.lambdaMin(), 1e-14);
        assertTrue(s.firstOrder());
        assertFalse(s.secondOrder());
        assertFalse(s.holds());
        assertTrue(s.negativeCurvatureFound());
        assertEquals(-Math.sqrt(1e-3), s.curvatureThreshold(), 0);
        assertEquals(1, Math.abs(c.negativeCurvatureDirection().tensor(0).get(0)), 1e-14);
    }

    @Test
    void minimumIsCertifiedAndNearbyPointsFailTheFirstOrderTest() {
        SospChecker c = new SospChecker(OPTIONS, HessianOperator.Mode.EXACT);
        QuarticWells f = new QuarticWells(1);
        SospCertificate atMin = c.plain(f, QuarticWells.point(1), 1e-3, 1, RandomStream.of(1));
        assertTrue(atMin.holds());
        assertEquals(2, atMin.lambdaMin(), 1e-14);
        SospCertificate near = c.plain(f, QuarticWells.point(1.01), 1e-3, 1, RandomStream.of(1));
        assertEquals(1.01 * 1.01 * 1.01 - 1.01, near.stationarity(), 1e-15);
        assertFalse(near.firstOrder());
        assertTrue(near.secondOrder());
    }

    @Test
    void saddleInFiveDimensionsFindsTheEscapeDirection() {
        QuarticWells f = new QuarticWells(5);
        SospChecker c = new SospChecker(OPTIONS, HessianOperator.Mode.EXACT);
        SospCertificate s = c.plain(f, QuarticWells.point(1, -1, 0, 1, -1), 1e-3, 1, RandomStream.of(3));
        assertEquals(-1, s.lambdaMin(), 1e-12);
        assertTrue(s.converged());
        Blocks d = c.negativeCurvatureDirection();
        assertEquals(1, Math.abs(d.tensor(0).get(2)), 1e-10);
    }

    @Test
    void thresholdsAndConvergenceRule() {
        SospCertificate.Method l = SospCertificate.Method.LANCZOS;
        assertTrue(SospCertificate.plain(1e-4, -0.05, l, true, 3, 1e-2, 1).holds());
        assertFalse(SospCertificate.plain(1e-4, -0.2, l, true, 3, 1e-2, 1).holds());
        assertFalse(SospCertificate.plain(1e-4, 1, l, false, 3, 1e-2, 1).holds(), "unconverged λ_min certifies nothing");
        assertFalse(SospCertificate.plain(2e-2, 1, l, true, 3, 1e-2, 1).holds());
        SospCertificate p = SospCertificate.preconditioned(0.9e-4, -0.05, l, true, 3, 1e-2, 1);
        assertEquals(1e-4, p.stationarityThreshold(), 1e-20);
        assertTrue(p.holds());
        assertFalse(SospCertificate.preconditioned(1.1e-4, -0.05, l, true, 3, 1e-2, 1).holds());
    }

    /** Example 3.4 of Bodard &amp; Patrinos: H_λ(x) = (3x² − 1)/√(1 + λ²(x³ − x)²) for the cosh kernel. */
    @Test
    void example34ClosedFormAndFiniteDifferences() {
        QuarticWells f = new QuarticWells(1);
        SospChecker c = new SospChecker(OPTIONS, HessianOperator.Mode.EXACT);
        for (double lambda : new double[] {0.3, 1, 4}) {
            for (double x : new double[] {-2, -0.7, 0, 0.4, 0.9, 1.5, 3}) {
                double fp = x * x * x - x;
                double expected = (3 * x * x - 1) / Math.sqrt(1 + lambda * lambda * fp * fp);
                SospCertificate s = c.certify(f, QuarticWells.point(x), 1e-3, 1,
                        new Preconditioner("test", Kernel.COSH, false, lambda), RandomStream.of(1));
                assertEquals(expected, s.lambdaMin(), 1e-13, "x=" + x + " lambda=" + lambda);
                // The derivative of the P-GD map x ↦ λ⁻¹·asinh(λ f′(x)) (spec reproduction target 1).
                double h = 1e-5;
                double fd = (map(x + h, lambda) - map(x - h, lambda)) / (2 * h);
                assertEquals(fd, expected, 1e-7 * Math.max(1, Math.abs(expected)));
                assertEquals(Kernel.COSH.stationarity(lambda * Math.abs(fp)) / lambda, s.stationarity(), 1e-15);
            }
        }
    }

    private static double map(double x, double lambda) {
        return Kernel.asinh(lambda * Math.abs(x * x * x - x)) * Math.signum(x * x * x - x) / lambda;
    }

    @Test
    void atAStationaryPointThePreconditionerIsTheIdentity() {
        QuarticWells f = new QuarticWells(3);
        SospChecker c = new SospChecker(OPTIONS, HessianOperator.Mode.EXACT);
        for (Kernel k : Kernel.values()) {
            SospCertificate s = c.certify(f, QuarticWells.point(1, 0, -1), 1e-3, 1, new Preconditioner("test", k, false, 2),
                    RandomStream.of(1));
            assertEquals(-1, s.lambdaMin(), 1e-12, k.toString());
            assertEquals(0, s.stationarity(), 0);
            assertTrue(s.firstOrder());
            assertFalse(s.holds());
        }
    }

    /**
     * On Rosenbrock at random points, for every kernel: the closed-form P = ∇²φ*(λ∇f) equals the
     * finite-difference Jacobian of the P-GD map times ∇²f⁻¹ (checked as P·H against the Jacobian),
     * and Lanczos on P^{1/2}HP^{1/2} gives the dense spectrum of P·H; the mapped vector P^{1/2}u
     * is a right eigenvector of H_λ.
     */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void preconditionedSpectrumMatchesDenseComputation(Kernel kernel) {
        int n = 12;
        Rosenbrock f = new Rosenbrock(n, DType.F64);
        RandomStream rng = RandomStream.of(kernel.ordinal() + 40);
        Blocks x = Blocks.single(rng.fillUniform(Tensor.zeros(DType.F64, n), -0.3, 0.3));
        Blocks g = x.zerosLike();
        f.valueAndGradient(x, g);
        double gn = g.norm();
        // Clip: λ below and above 1/‖g‖ exercise both branches; the others use a moderate λ.
        double[] lambdas = kernel == Kernel.CLIP ? new double[] {0.3 / gn, 3 / gn} : new double[] {0.05, 1};
        for (double lambda : lambdas) {
            double s = lambda * gn;
            Tensor p = Tensor.zeros(DType.F64, n, n);
            double a = kernel.conjugateSecondDerivative(s);
            double b = kernel.conjugateDerivativeRatio(s);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double gi = g.tensor(0).get(i) / gn;
                    double gj = g.tensor(0).get(j) / gn;
                    p.set((a - b) * gi * gj + (i == j ? b : 0), i, j);
                }
            }
            Tensor h = TestMatrices.hessian(f, x);
            Tensor ph = Linalg.matmul(p, h);
            Tensor jac = pgdMapJacobian(f, x, kernel, lambda);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(ph.get(i, j), jac.get(i, j), 1e-5 * (1 + Math.abs(ph.get(i, j))),
                            kernel + " P·H vs Jacobian (" + i + "," + j + ")");
                }
            }
            // Dense symmetric form through an independent square root of P.
            Eigh pe = Linalg.eigh(p);
            Tensor sqrt = Tensor.zeros(DType.F64, n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) {
                        v += pe.vectors().get(i, k) * Math.sqrt(Math.max(0, pe.values().get(k))) * pe.vectors().get(j, k);
                    }
                    sqrt.set(v, i, j);
                }
            }
            Eigh dense = Linalg.eigh(TestMatrices.symmetrize(Linalg.matmul(Linalg.matmul(sqrt, h), sqrt)));
            PreconditionedHessian op = new PreconditionedHessian().bind(
                    new HessianOperator(HessianOperator.Mode.EXACT).bind(f, x), g,
                    new Preconditioner("test", kernel, false, lambda));
            Lanczos.Result r = new Lanczos(OPTIONS).compute(op, x, RandomStream.of(5), Lanczos.Target.BOTH);
            double scale = Math.max(1, Math.abs(dense.values().get(n - 1)));
            assertEquals(dense.values().get(0), r.lambdaMin(), 1e-9 * scale, kernel + " lambda_min");
            assertEquals(dense.values().get(n - 1), r.lambdaMax(), 1e-9 * scale, kernel + " lambda_max");
            if (a > 0) {
                // Right eigenvector of the non-symmetric H_λ = P·H: P·H·w = θ·w with w = P^{1/2}u.
                Blocks w = x.zerosLike();
                op.toEigenvector(r.minVector(), w);
                double[] wv = w.tensor(0).toDoubleArray();
                double res = 0;
                double wn = w.norm();
                for (int i = 0; i < n; i++) {
                    double v = -r.lambdaMin() * wv[i];
                    for (int j = 0; j < n; j++) {
                        v += ph.get(i, j) * wv[j];
                    }
                    res += v * v;
                }
                assertTrue(Math.sqrt(res) <= 1e-8 * scale * wn, kernel + " eigenvector residual " + Math.sqrt(res));
            }
        }
    }

    /** Central-difference Jacobian of x ↦ λ⁻¹·∇φ*(λ∇f(x)) = λ⁻¹·h*′(λ‖g‖)·g/‖g‖. */
    private static Tensor pgdMapJacobian(Problem f, Blocks x, Kernel k, double lambda) {
        int n = (int) x.size();
        Tensor jac = Tensor.zeros(DType.F64, n, n);
        Blocks xp = x.copy();
        Blocks g = x.zerosLike();
        double[] plus = new double[n];
        double h = 1e-6;
        for (int j = 0; j < n; j++) {
            for (int sign = 1; sign >= -1; sign -= 2) {
                xp.assign(x);
                xp.tensor(0).set(x.tensor(0).get(j) + sign * h, j);
                f.valueAndGradient(xp, g);
                double scale = k.conjugateDerivativeRatio(lambda * g.norm()); // ∇φ*(λg) = λ·ratio·g
                for (int i = 0; i < n; i++) {
                    double v = scale * g.tensor(0).get(i);
                    if (sign == 1) {
                        plus[i] = v;
                    } else {
                        jac.set((plus[i] - v) / (2 * h), i, j);
                    }
                }
            }
        }
        return jac;
    }

    @Test
    void centralDifferenceProductsAgreeWithExactOnes() {
        Rosenbrock f = new Rosenbrock(30, DType.F64);
        Blocks x = Blocks.single(RandomStream.of(2).fillUniform(Tensor.zeros(DType.F64, 30), -1, 1));
        Lanczos.Options o = new Lanczos.Options(30, 8, 1e-7, 3000);
        Lanczos.Result exact = new Lanczos(o).compute(new HessianOperator(HessianOperator.Mode.EXACT).bind(f, x), x,
                RandomStream.of(1), Lanczos.Target.BOTH);
        HessianOperator fd = new HessianOperator(HessianOperator.Mode.AUTO).bind(new WithoutHvp(f), x);
        assertFalse(fd.isExact());
        Lanczos.Result approx = new Lanczos(o).compute(fd, x, RandomStream.of(1), Lanczos.Target.BOTH);
        assertEquals(exact.lambdaMin(), approx.lambdaMin(), 1e-5 * Math.abs(exact.lambdaMax()));
        assertEquals(exact.lambdaMax(), approx.lambdaMax(), 1e-5 * Math.abs(exact.lambdaMax()));
    }

    /** A problem that hides its Hessian-vector product. */
    record WithoutHvp(Problem inner) implements Problem {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Blocks initialPoint(RandomStream rng) {
            return inner.initialPoint(rng);
        }

        @Override
        public double value(Blocks x) {
            return inner.value(x);
        }

        @Override
        public double valueAndGradient(Blocks x, Blocks grad) {
            return inner.valueAndGradient(x, grad);
        }
    }
}
