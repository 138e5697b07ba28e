package dev.curvature.core.linalg;

import static dev.curvature.core.TestSupport.assertAtMost;
import static dev.curvature.core.TestSupport.frobenius;
import static dev.curvature.core.TestSupport.frobeniusDiff;
import static dev.curvature.core.TestSupport.matmul;
import static dev.curvature.core.TestSupport.orthonormalColumnsError;
import static dev.curvature.core.TestSupport.randomMatrix;
import static dev.curvature.core.TestSupport.toArray;
import static dev.curvature.core.TestSupport.tol;
import static dev.curvature.core.TestSupport.transpose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.TestSupport;
import dev.curvature.core.TestSupport.BackendCase;
import dev.curvature.core.TestSupport.BackendScope;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.factor.NotPositiveDefiniteException;
import dev.curvature.core.factor.QR;
import dev.curvature.core.factor.SVD;
import dev.curvature.core.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** QR, Cholesky, symmetric eigendecomposition, SVD and the spectral norm on every backend. */
class LinalgFactorizationsTest {

    static Stream<Arguments> backendsAndDtypes() {
        return TestSupport.backendsAndDtypes();
    }

    static Stream<Arguments> withShapes(int[][] shapes) {
        List<Arguments> out = new ArrayList<>();
        TestSupport.backendsAndDtypes().forEach(a -> {
            for (int[] s : shapes) {
                out.add(Arguments.of(a.get()[0], a.get()[1], s));
            }
        });
        return out.stream();
    }

    /** Tall, wide, square, vectors, sizes around the vector widths, one long side of 700. */
    static final int[][] RECT_SHAPES = {
        {1, 1}, {1, 7}, {7, 1}, {2, 2}, {5, 3}, {3, 5}, {16, 16}, {17, 9}, {9, 17}, {33, 33}, {700, 20}, {20, 700},
    };

    static Stream<Arguments> rectCases() {
        return withShapes(RECT_SHAPES);
    }

    static Stream<Arguments> squareCases() {
        return withShapes(new int[][] {{1}, {2}, {7}, {16}, {17}, {64}, {150}});
    }

    static double[][] times(Tensor a, Tensor b) {
        return matmul(toArray(a), toArray(b), a.rows(), a.cols(), b.cols());
    }

    /** Asserts that an input was not modified by the factorization. */
    static void assertUnchanged(double[] before, Tensor a, String what) {
        assertArrayEquals(before, a.toDoubleArray(), what + " modified its input");
    }

    // ------------------------------------------------------------------ QR

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("rectCases")
    void qr(BackendCase backend, DType dt, int[] mn) {
        int m = mn[0];
        int n = mn[1];
        int p = Math.min(m, n);
        Random rnd = new Random(m * 1000L + n);
        try (BackendScope s = TestSupport.use(backend)) {
            for (int layout : new int[] {0, 3, 4}) {
                Tensor a = randomMatrix(rnd, dt, m, n, layout);
                double[] before = a.toDoubleArray();
                QR f = Linalg.qr(a);
                String what = "qr " + m + "x" + n + " " + TestSupport.layoutName(layout) + " on " + backend + " " + dt;
                assertUnchanged(before, a, what);
                assertEquals(dt, f.q().dtype());
                assertEquals(dt, f.r().dtype());
                assertArrayEquals(new int[] {m, p}, f.q().shape(), what + ": Q shape");
                assertArrayEquals(new int[] {p, n}, f.r().shape(), what + ": R shape");
                double t = tol(dt, Math.max(m, n));
                assertAtMost(frobeniusDiff(times(f.q(), f.r()), toArray(a)) / frobenius(toArray(a)), t,
                        what + ": ‖QR − A‖/‖A‖");
                assertAtMost(orthonormalColumnsError(f.q()), t, what + ": ‖QᵀQ − I‖");
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < Math.min(i, n); j++) {
                        assertEquals(0.0, f.r().get(i, j), what + ": R is not upper triangular at " + i + "," + j);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ Cholesky

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("squareCases")
    void cholesky(BackendCase backend, DType dt, int[] size) {
        int n = size[0];
        Random rnd = new Random(n);
        try (BackendScope s = TestSupport.use(backend)) {
            Tensor a = TestSupport.randomSpd(rnd, dt, n);
            double[] before = a.toDoubleArray();
            Tensor l = Linalg.cholesky(a);
            String what = "cholesky " + n + " on " + backend + " " + dt;
            assertUnchanged(before, a, what);
            assertEquals(dt, l.dtype());
            assertArrayEquals(new int[] {n, n}, l.shape());
            for (int i = 0; i < n; i++) {
                assertTrue(l.get(i, i) > 0, what + ": diagonal " + i + " is " + l.get(i, i));
                for (int j = i + 1; j < n; j++) {
                    assertEquals(0.0, l.get(i, j), what + ": L is not lower triangular at " + i + "," + j);
                }
            }
            assertAtMost(frobeniusDiff(times(l, l.t()), toArray(a)) / frobenius(toArray(a)), tol(dt, n),
                    what + ": ‖LLᵀ − A‖/‖A‖");

            // Only the lower triangle is read.
            Tensor garbled = a.copy();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    garbled.set(1000 * (rnd.nextDouble() - 0.5), i, j);
                }
            }
            assertArrayEquals(l.toDoubleArray(), Linalg.cholesky(garbled).toDoubleArray(),
                    what + ": the upper triangle was read");
            // A view is factored like its copy.
            Tensor big = Tensor.zeros(dt, n + 2, n + 3).fill(Double.NaN);
            big.block(1, 2, n, n).assign(a);
            assertArrayEquals(l.toDoubleArray(), Linalg.cholesky(big.block(1, 2, n, n).t()).toDoubleArray(),
                    what + " of a transposed block view");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void choleskyRejectsMatricesThatAreNotPositiveDefinite(BackendCase backend, DType dt) {
        try (BackendScope s = TestSupport.use(backend)) {
            List<Tensor> bad = new ArrayList<>();
            bad.add(Tensor.matrix(dt, new double[][] {{1, 2}, {2, 1}}));
            bad.add(Tensor.matrix(dt, new double[][] {{-1}}));
            bad.add(Tensor.matrix(dt, new double[][] {{0, 0}, {0, 0}}));
            bad.add(Tensor.eye(dt, 5).scale(-1));
            // A 40×40 matrix with a single negative eigenvalue: Q·diag(1, ..., 1, −0.5)·Qᵀ.
            Tensor q = RandomStream.of(9).haarOrthogonal(DType.F64, 40, 40);
            double[][] qd = toArray(q);
            double[][] d = new double[40][40];
            for (int i = 0; i < 40; i++) {
                d[i][i] = i == 17 ? -0.5 : 1 + i;
            }
            bad.add(Tensor.matrix(dt, matmul(matmul(qd, d, 40, 40, 40), transpose(qd, 40, 40), 40, 40, 40)));
            for (Tensor a : bad) {
                NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                        () -> Linalg.cholesky(a), "cholesky of an indefinite " + a.rows() + "x" + a.rows());
                assertTrue(e.getMessage().contains(a.rows() + "x" + a.rows()), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ eigh

    static void checkEigh(Tensor a, Eigh e, DType dt, String what) {
        int n = a.rows();
        assertEquals(dt, e.values().dtype());
        assertEquals(dt, e.vectors().dtype());
        assertArrayEquals(new int[] {n}, e.values().shape(), what + ": values shape");
        assertArrayEquals(new int[] {n, n}, e.vectors().shape(), what + ": vectors shape");
        for (int i = 1; i < n; i++) {
            assertTrue(e.values().get(i - 1) <= e.values().get(i), what + ": eigenvalues not ascending at " + i);
        }
        double[][] av = times(a, e.vectors());
        double[][] vl = toArray(e.vectors());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                vl[i][j] *= e.values().get(j);
            }
        }
        double norm = Math.max(frobenius(toArray(a)), Double.MIN_NORMAL);
        assertAtMost(frobeniusDiff(av, vl) / norm, tol(dt, n), what + ": ‖AV − VΛ‖/‖A‖");
        assertAtMost(orthonormalColumnsError(e.vectors()), tol(dt, n), what + ": ‖VᵀV − I‖");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("squareCases")
    void eigh(BackendCase backend, DType dt, int[] size) {
        int n = size[0];
        Random rnd = new Random(100 + n);
        try (BackendScope s = TestSupport.use(backend)) {
            Tensor a = TestSupport.randomSymmetric(rnd, dt, n);
            double[] before = a.toDoubleArray();
            Eigh e = Linalg.eigh(a);
            String what = "eigh " + n + " on " + backend + " " + dt;
            assertUnchanged(before, a, what);
            checkEigh(a, e, dt, what);

            // Only the lower triangle is read.
            Tensor garbled = a.copy();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    garbled.set(1000 * (rnd.nextDouble() - 0.5), i, j);
                }
            }
            Eigh g = Linalg.eigh(garbled);
            for (int i = 0; i < n; i++) {
                TestSupport.assertRelClose(e.values().get(i), g.values().get(i), 0, tol(dt, n) * 4 * n,
                        what + ": eigenvalue " + i + " with garbage in the upper triangle");
            }
            checkEigh(a, g, dt, what + " with garbage in the upper triangle");

            // Repeated eigenvalues still give an orthonormal basis.
            Tensor twos = Tensor.eye(dt, n).scale(2);
            Eigh id = Linalg.eigh(twos);
            checkEigh(twos, id, dt, what + " of 2·I");
            for (int i = 0; i < n; i++) {
                assertEquals(2.0, id.values().get(i), 1e-6, what + " of 2·I");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void eighOfTheSecondDifferenceMatrixHasItsClosedFormSpectrum(BackendCase backend, DType dt) {
        try (BackendScope s = TestSupport.use(backend)) {
            for (int n : new int[] {1, 2, 3, 10, 17, 60}) {
                // tridiag(−1, 2, −1): λ_j = 2 − 2·cos(jπ/(n+1)), j = 1..n, ascending.
                Tensor a = Tensor.zeros(dt, n, n);
                for (int i = 0; i < n; i++) {
                    a.set(2, i, i);
                    if (i > 0) {
                        a.set(-1, i, i - 1);
                        a.set(-1, i - 1, i);
                    }
                }
                Eigh e = Linalg.eigh(a);
                String what = "eigh of tridiag(-1, 2, -1) of size " + n + " on " + backend + " " + dt;
                checkEigh(a, e, dt, what);
                for (int j = 1; j <= n; j++) {
                    double exact = 2 - 2 * Math.cos(j * Math.PI / (n + 1));
                    TestSupport.assertRelClose(exact, e.values().get(j - 1), 0, 4 * tol(dt, n), what + ": λ_" + j);
                }
            }
        }
    }

    // ------------------------------------------------------------------ SVD

    static void checkSvd(Tensor a, SVD f, DType dt, String what) {
        int m = a.rows();
        int n = a.cols();
        int p = Math.min(m, n);
        assertEquals(dt, f.u().dtype());
        assertEquals(dt, f.s().dtype());
        assertEquals(dt, f.vt().dtype());
        assertArrayEquals(new int[] {m, p}, f.u().shape(), what + ": U shape");
        assertArrayEquals(new int[] {p}, f.s().shape(), what + ": s shape");
        assertArrayEquals(new int[] {p, n}, f.vt().shape(), what + ": Vᵀ shape");
        for (int i = 0; i < p; i++) {
            assertTrue(f.s().get(i) >= 0, what + ": negative singular value " + f.s().get(i));
            if (i > 0) {
                assertTrue(f.s().get(i - 1) >= f.s().get(i), what + ": singular values not descending at " + i);
            }
        }
        double[][] us = toArray(f.u());
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                us[i][j] *= f.s().get(j);
            }
        }
        double[][] usv = matmul(us, toArray(f.vt()), m, p, n);
        double t = tol(dt, Math.max(m, n));
        assertAtMost(frobeniusDiff(usv, toArray(a)) / Math.max(frobenius(toArray(a)), Double.MIN_NORMAL), t,
                what + ": ‖USVᵀ − A‖/‖A‖");
        assertAtMost(orthonormalColumnsError(f.u()), t, what + ": ‖UᵀU − I‖");
        assertAtMost(orthonormalColumnsError(f.vt().t()), t, what + ": ‖VᵀV − I‖ (rows of Vᵀ)");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("rectCases")
    void svd(BackendCase backend, DType dt, int[] mn) {
        int m = mn[0];
        int n = mn[1];
        Random rnd = new Random(7 * m + n);
        try (BackendScope s = TestSupport.use(backend)) {
            for (int layout : new int[] {0, 3, 4}) {
                Tensor a = randomMatrix(rnd, dt, m, n, layout);
                double[] before = a.toDoubleArray();
                SVD f = Linalg.svd(a);
                String what = "svd " + m + "x" + n + " " + TestSupport.layoutName(layout) + " on " + backend + " " + dt;
                assertUnchanged(before, a, what);
                checkSvd(a, f, dt, what);
            }
        }
    }

    /** A = U·diag(s)·Vᵀ from Haar-random U, V and chosen s; the SVD must find s. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("rectCases")
    void svdFindsKnownSingularValues(BackendCase backend, DType dt, int[] mn) {
        int m = mn[0];
        int n = mn[1];
        int p = Math.min(m, n);
        RandomStream rng = RandomStream.of(m * 31L + n);
        double[][] u = toArray(rng.haarOrthogonal(DType.F64, m, p));
        double[][] v = toArray(rng.haarOrthogonal(DType.F64, n, p));
        double[] sigma = new double[p];
        for (int i = 0; i < p; i++) {
            sigma[i] = 10 * Math.pow(0.7, i) + (i == p - 1 && p > 2 ? -10 * Math.pow(0.7, i) : 0); // last one 0
        }
        double[][] us = new double[m][p];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                us[i][j] = u[i][j] * sigma[j];
            }
        }
        Tensor a = Tensor.matrix(dt, matmul(us, transpose(v, n, p), m, p, n));
        try (BackendScope s = TestSupport.use(backend)) {
            SVD f = Linalg.svd(a);
            String what = "svd of a " + m + "x" + n + " matrix with known singular values on " + backend + " " + dt;
            checkSvd(a, f, dt, what);
            for (int i = 0; i < p; i++) {
                TestSupport.assertRelClose(sigma[i], f.s().get(i), 0, tol(dt, Math.max(m, n)) * sigma[0],
                        what + ": σ_" + i);
            }
            TestSupport.assertRelClose(sigma[0], Linalg.spectralNorm(a, 1000, dt == DType.F32 ? 1e-7 : 1e-14,
                    RandomStream.of(1)), dt == DType.F32 ? 1e-5 : 1e-10, 0, what + ": spectralNorm");
        }
    }

    // ------------------------------------------------------------------ spectral norm

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("rectCases")
    void spectralNormMatchesTheLargestSingularValue(BackendCase backend, DType dt, int[] mn) {
        int m = mn[0];
        int n = mn[1];
        Random rnd = new Random(3 * m + n);
        try (BackendScope s = TestSupport.use(backend)) {
            Tensor a = randomMatrix(rnd, dt, m, n, 2);
            double s0 = Linalg.svd(a).s().get(0);
            double est = Linalg.spectralNorm(a, 5000, dt == DType.F32 ? 1e-7 : 1e-14, RandomStream.of(5));
            String what = "spectralNorm " + m + "x" + n + " on " + backend + " " + dt;
            TestSupport.assertRelClose(s0, est, dt == DType.F32 ? 1e-3 : 1e-8, 0, what);
            assertAtMost(est, s0 * (1 + tol(dt, Math.max(m, n))), what + " (estimate above σ_max)");
            // One iteration is a lower bound already.
            double one = Linalg.spectralNorm(a, 1, 0, RandomStream.of(5));
            assertAtMost(one, s0 * (1 + tol(dt, Math.max(m, n))), what + " after one iteration");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void spectralNormEdgeCases(BackendCase backend, DType dt) {
        try (BackendScope s = TestSupport.use(backend)) {
            assertEquals(0.0, Linalg.spectralNorm(Tensor.zeros(dt, 0, 4), 10, 0, RandomStream.of(1)));
            assertEquals(0.0, Linalg.spectralNorm(Tensor.zeros(dt, 3, 4), 10, 0, RandomStream.of(1)));
            assertEquals(5.0, Linalg.spectralNorm(Tensor.matrix(dt, new double[][] {{3, 4}}), 10, 0,
                    RandomStream.of(1)), 1e-5);
            assertEquals(5.0, Linalg.spectralNorm(Tensor.matrix(dt, new double[][] {{-5}}), 10, 0,
                    RandomStream.of(1)), 1e-6);
            Tensor a = Tensor.eye(dt, 3);
            assertThrows(IllegalArgumentException.class, () -> Linalg.spectralNorm(a, 0, 0, RandomStream.of(1)));
            assertThrows(IllegalArgumentException.class,
                    () -> Linalg.spectralNorm(a, 10, Double.NaN, RandomStream.of(1)));
        }
    }

    // ------------------------------------------------------------------ bad and degenerate inputs

    record Factorization(String name, Function<Tensor, Object> op) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Factorization> FACTORIZATIONS = List.of(
            new Factorization("qr", Linalg::qr), new Factorization("cholesky", Linalg::cholesky),
            new Factorization("eigh", Linalg::eigh), new Factorization("svd", Linalg::svd));

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void factorizationsRejectNaNAndInfinity(BackendCase backend, DType dt) {
        try (BackendScope s = TestSupport.use(backend)) {
            for (Factorization f : FACTORIZATIONS) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    for (int pos : new int[] {0, 7, 24}) {
                        Tensor a = TestSupport.randomSpd(new Random(pos), dt, 5);
                        a.setFlat(pos, bad);
                        ArithmeticException e = assertThrows(ArithmeticException.class, () -> f.op().apply(a),
                                f.name() + " with " + bad + " at " + pos);
                        assertTrue(e.getMessage().contains(f.name()) && e.getMessage().contains("NaN")
                                && e.getMessage().contains("[5, 5]"), e.getMessage());
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void factorizationsOfEmptyMatrices(BackendCase backend, DType dt) {
        try (BackendScope s = TestSupport.use(backend)) {
            for (int[] mn : new int[][] {{0, 0}, {0, 3}, {3, 0}}) {
                Tensor a = Tensor.zeros(dt, mn[0], mn[1]);
                String what = mn[0] + "x" + mn[1] + " on " + backend + " " + dt;
                QR qr = Linalg.qr(a);
                assertArrayEquals(new int[] {mn[0], 0}, qr.q().shape(), "qr Q of " + what);
                assertArrayEquals(new int[] {0, mn[1]}, qr.r().shape(), "qr R of " + what);
                SVD svd = Linalg.svd(a);
                assertArrayEquals(new int[] {mn[0], 0}, svd.u().shape(), "svd U of " + what);
                assertArrayEquals(new int[] {0}, svd.s().shape(), "svd s of " + what);
                assertArrayEquals(new int[] {0, mn[1]}, svd.vt().shape(), "svd Vᵀ of " + what);
            }
            Tensor e = Tensor.zeros(dt, 0, 0);
            assertArrayEquals(new int[] {0, 0}, Linalg.cholesky(e).shape());
            Eigh eig = Linalg.eigh(e);
            assertArrayEquals(new int[] {0}, eig.values().shape());
            assertArrayEquals(new int[] {0, 0}, eig.vectors().shape());
        }
    }
}
