package dev.curvature.problems.factorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.problems.FiniteDifferences;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Symmetric and asymmetric factorization and matrix sensing: derivatives, conventions, optima. */
class FactorizationProblemsTest {

    @Test
    void symmetricFactorizationDerivativesAndConvention() {
        RandomStream rng = RandomStream.of(1);
        for (double scale : new double[] {0.5, 0.25}) {
            SymmetricFactorization p = new SymmetricFactorization(6, 2, null, 3, scale, null, 1, 7, DType.F64);
            for (int trial = 0; trial < 3; trial++) {
                Blocks u = p.initialPoint(rng);
                FiniteDifferences.checkGradient(p, u, rng, 100);
                FiniteDifferences.checkHvp(p, u, rng);
            }
        }
        // loss_scale ¼ gives the paper's printed gradient (UUᵀ − Y)U; ½ gives twice that.
        double[] y = {1, 0.5, 0.5, 1};
        Blocks u = Blocks.of(List.of(new Blocks.Block("U", "matrix", Tensor.matrix(DType.F64, new double[][] {{2}, {-1}}))));
        Blocks g = u.zerosLike();
        new SymmetricFactorization(2, 1, y, 1, 0.25, null, 1, 0, DType.F64).valueAndGradient(u, g);
        // UUᵀ − Y = [[3, −2.5], [−2.5, 0]]; (UUᵀ − Y)U = [8.5, −5].
        assertEquals(8.5, g.tensor(0).get(0, 0), 1e-14);
        assertEquals(-5, g.tensor(0).get(1, 0), 1e-14);
        new SymmetricFactorization(2, 1, y, 1, 0.5, null, 1, 0, DType.F64).valueAndGradient(u, g);
        assertEquals(17, g.tensor(0).get(0, 0), 1e-14);
    }

    @Test
    void symmetricFactorizationOptimumFromTheSpectrum() {
        // Y = [[1, .5], [.5, 1]]: eigenvalues 1.5 and 0.5; the best rank-1 U = √1.5·(1, 1)/√2 leaves 0.5².
        double[] y = {1, 0.5, 0.5, 1};
        SymmetricFactorization p = new SymmetricFactorization(2, 1, y, 1, 0.5, new double[] {30, -70}, 1, 0, DType.F64);
        assertEquals(0.125, p.optimum().getAsDouble(), 1e-14);
        double a = Math.sqrt(0.75);
        Blocks u = Blocks.of(List.of(new Blocks.Block("U", "matrix", Tensor.matrix(DType.F64, new double[][] {{a}, {a}}))));
        assertEquals(0.125, p.value(u), 1e-14);
        Blocks x0 = p.initialPoint(RandomStream.of(0));
        assertEquals(30, x0.tensor(0).get(0, 0));
        assertEquals(-70, x0.tensor(0).get(1, 0));
        // A random PSD Y of rank r is factorized exactly: f* = 0.
        assertEquals(0, new SymmetricFactorization(5, 2, null, 2, 0.5, null, 1, 3, DType.F64).optimum().getAsDouble(),
                1e-12);
        assertEquals("symmetric_factorization: y has 3 values, expected n·n = 4", assertThrows(
                IllegalArgumentException.class, () -> new SymmetricFactorization(2, 1, new double[3], 1, 0.5, null, 1, 0,
                        DType.F64)).getMessage());
        // A random start lies on the sphere of radius init_radius.
        SymmetricFactorization far = new SymmetricFactorization(2, 1, y, 1, 0.5, null, 100, 0, DType.F64);
        assertEquals(100, far.initialPoint(RandomStream.of(5)).norm(), 1e-12);
    }

    @Test
    void symmetricFactorizationWithAGivenSpectrum() {
        // Y = Q·diag(1, 0.5)·Qᵀ, Q Haar 9×2: Y has exactly that spectrum (and zeros), f* = 0 at rank 2,
        // f(0) = ½(1 + 0.25); the same seed gives the same Y.
        double[] spec = {1.0, 0.5};
        SymmetricFactorization p = new SymmetricFactorization(9, 2, null, spec, 0, 0.5, null, 0, 4, DType.F64);
        double[] eig = dev.curvature.core.linalg.Linalg.eigh(p.target()).values().toDoubleArray();
        java.util.Arrays.sort(eig);
        assertEquals(1.0, eig[8], 1e-12);
        assertEquals(0.5, eig[7], 1e-12);
        assertEquals(0.0, Math.abs(eig[0]) + Math.abs(eig[6]), 1e-12);
        assertEquals(0, p.optimum().getAsDouble(), 1e-12);
        Blocks zero = p.initialPoint(RandomStream.of(1));
        assertEquals(0, zero.norm());
        assertEquals(0.625, p.value(zero), 1e-12);
        SymmetricFactorization same = new SymmetricFactorization(9, 2, null, spec, 0, 0.5, null, 0, 4, DType.F64);
        assertEquals(p.target().get(3, 5), same.target().get(3, 5));
        RandomStream rng = RandomStream.of(6);
        SymmetricFactorization q = new SymmetricFactorization(7, 2, null, spec, 0, 0.5, null, 1, 4, DType.F64);
        Blocks u = q.initialPoint(rng);
        FiniteDifferences.checkGradient(q, u, rng, 100);
        FiniteDifferences.checkHvp(q, u, rng);
        assertEquals("symmetric_factorization: give y or y_spectrum, not both", assertThrows(
                IllegalArgumentException.class, () -> new SymmetricFactorization(2, 1, new double[4], spec, 0, 0.5, null,
                        1, 0, DType.F64)).getMessage());
        assertEquals("symmetric_factorization: y_spectrum has 2 values, expected 1 to n = 1", assertThrows(
                IllegalArgumentException.class, () -> new SymmetricFactorization(1, 1, null, spec, 0, 0.5, null, 1, 0,
                        DType.F64)).getMessage());
    }

    @Test
    void asymmetricFactorizationDerivatives() {
        RandomStream rng = RandomStream.of(2);
        AsymmetricFactorization p = new AsymmetricFactorization(7, 5, 3, 2, 0.3, 0.8, 11, DType.F64);
        for (int trial = 0; trial < 3; trial++) {
            Blocks x = p.initialPoint(rng);
            assertEquals(List.of("W", "H"), x.names());
            FiniteDifferences.checkGradient(p, x, rng, 100);
            FiniteDifferences.checkHvp(p, x, rng);
        }
    }

    @Test
    void asymmetricFactorizationMinimumSolvesItsFixedPoint() {
        // f* = g(μ) with μ_i = max(0, σ_i − κS), S = Σμ_i: against bisection on S for random spectra.
        RandomStream rng = RandomStream.of(4);
        for (int trial = 0; trial < 200; trial++) {
            int p = 1 + (int) (rng.nextDouble() * 6);
            int r = 1 + (int) (rng.nextDouble() * 6);
            double kappa = Math.exp(-4 + 6 * rng.nextDouble());
            double[] sigma = new double[p];
            for (int i = 0; i < p; i++) {
                sigma[i] = 3 * rng.nextDouble();
            }
            java.util.Arrays.sort(sigma);
            for (int i = 0; i < p / 2; i++) {
                double t = sigma[i];
                sigma[i] = sigma[p - 1 - i];
                sigma[p - 1 - i] = t;
            }
            double lo = 0;
            double hi = 1e3;
            for (int it = 0; it < 200; it++) {
                double mid = 0.5 * (lo + hi);
                double sum = 0;
                for (int i = 0; i < Math.min(r, p); i++) {
                    sum += Math.max(0, sigma[i] - kappa * mid);
                }
                if (sum > mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double s = 0.5 * (lo + hi);
            double f = 0.5 * kappa * s * s;
            for (int i = 0; i < p; i++) {
                double mu = i < r ? Math.max(0, sigma[i] - kappa * s) : 0;
                f += 0.5 * (sigma[i] - mu) * (sigma[i] - mu);
            }
            assertEquals(f, AsymmetricFactorization.minimum(Tensor.vector(sigma), r, kappa), 1e-12 * (1 + f));
        }
    }

    @Test
    void asymmetricFactorizationOptimumIsAttainedAndALowerBound() {
        int m = 6;
        int n = 5;
        int r = 2;
        double kappa = 0.1;
        AsymmetricFactorization p = new AsymmetricFactorization(m, n, r, 3, kappa, 1.0, 9, DType.F64);
        double fstar = p.optimum().getAsDouble();
        // The balanced factors of the top-r singular pairs with μ_i = σ_i − κS attain f*, with ∇f = 0.
        // Y as the problem draws it from its seed: AB/√rank_y.
        RandomStream data = RandomStream.of(9);
        Tensor a = data.fillNormal(Tensor.zeros(DType.F64, m, 3), 0, 1);
        Tensor b = data.fillNormal(Tensor.zeros(DType.F64, 3, n), 0, 1);
        Tensor y = dev.curvature.core.linalg.Linalg.matmul(a, b).scale(1 / Math.sqrt(3));
        var svd = dev.curvature.core.linalg.Linalg.svd(y);
        double s1 = svd.s().get(0);
        double s2 = svd.s().get(1);
        double sum = (s1 + s2) / (1 + 2 * kappa);
        assertTrue(s2 > kappa * sum, "both values active in this instance");
        double[] mu = {s1 - kappa * sum, s2 - kappa * sum};
        Tensor w = Tensor.zeros(DType.F64, m, r);
        Tensor h = Tensor.zeros(DType.F64, r, n);
        for (int k = 0; k < r; k++) {
            for (int i = 0; i < m; i++) {
                w.set(svd.u().get(i, k) * Math.sqrt(mu[k]), i, k);
            }
            for (int j = 0; j < n; j++) {
                h.set(svd.vt().get(k, j) * Math.sqrt(mu[k]), k, j);
            }
        }
        Blocks star = Blocks.of(List.of(new Blocks.Block("W", "matrix", w), new Blocks.Block("H", "matrix", h)));
        Blocks g = star.zerosLike();
        assertEquals(fstar, p.valueAndGradient(star, g), 1e-12 * fstar);
        assertTrue(g.norm() < 1e-12, "gradient " + g.norm());
        // A lower bound at random points, and gradient descent from a random start reaches it.
        RandomStream rng = RandomStream.of(6);
        for (int trial = 0; trial < 100; trial++) {
            assertTrue(p.value(p.initialPoint(rng)) >= fstar);
        }
        Blocks x = p.initialPoint(rng);
        Blocks gx = x.zerosLike();
        double f = Double.NaN;
        for (int t = 0; t < 20_000; t++) {
            f = p.valueAndGradient(x, gx);
            x.addScaled(-0.02, gx);
        }
        assertTrue(f >= fstar - 1e-12 && f - fstar < 1e-10, "f − f* = " + (f - fstar));
    }

    @Test
    void matrixSensingDerivativesAndOptimum() {
        RandomStream rng = RandomStream.of(3);
        MatrixSensing p = new MatrixSensing(6, 2, 60, 1, 5, DType.F64);
        for (int trial = 0; trial < 3; trial++) {
            Blocks x = p.initialPoint(rng);
            FiniteDifferences.checkGradient(p, x, rng, 100);
            FiniteDifferences.checkHvp(p, x, rng);
        }
        Blocks star = Blocks.of(List.of(new Blocks.Block("U", "matrix", p.groundTruth().copy())));
        assertEquals(0, p.value(star), 1e-24);
        Blocks g = star.zerosLike();
        p.valueAndGradient(star, g);
        assertTrue(g.norm() < 1e-12);
    }
}
