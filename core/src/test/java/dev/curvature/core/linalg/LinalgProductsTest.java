package dev.curvature.core.linalg;

import static dev.curvature.core.TestSupport.absMatmul;
import static dev.curvature.core.TestSupport.assertMatrixClose;
import static dev.curvature.core.TestSupport.eps;
import static dev.curvature.core.TestSupport.layoutName;
import static dev.curvature.core.TestSupport.matmul;
import static dev.curvature.core.TestSupport.outputMatrix;
import static dev.curvature.core.TestSupport.randomMatrix;
import static dev.curvature.core.TestSupport.toArray;
import static dev.curvature.core.TestSupport.transpose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curvature.core.DType;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import dev.curvature.core.TestSupport;
import dev.curvature.core.TestSupport.BackendCase;
import dev.curvature.core.TestSupport.BackendScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BLAS-level products and solves of {@link Linalg} on every backend, against float64 triple loops. */
class LinalgProductsTest {

    static Stream<Arguments> backendsAndDtypes() {
        return TestSupport.backendsAndDtypes();
    }

    /** Crosses every backend and dtype with a list of shapes. */
    static Stream<Arguments> withShapes(int[][] shapes) {
        List<Arguments> out = new ArrayList<>();
        TestSupport.backendsAndDtypes().forEach(a -> {
            for (int[] s : shapes) {
                out.add(Arguments.of(a.get()[0], a.get()[1], s));
            }
        });
        return out.stream();
    }

    /**
     * The operand layouts to try: all four for small matrices; for large ones two layouts that
     * rotate with the combination index, so that every layout is still covered across the
     * combinations.
     */
    static int[] layouts(int n, int combo) {
        return n >= 100 ? new int[] {combo % 4, (combo + 2) % 4} : new int[] {0, 1, 2, 3};
    }

    /** Bound on the rounding error of an inner product of length k, per unit of |A|·|B|. */
    static double dotTol(DType dt, int k) {
        return 4.0 * (k + 2) * eps(dt);
    }

    // ------------------------------------------------------------------ gemm

    /** (m, n, k): vectors, the empty cases, sizes around the vector widths 8 and 16, and sizes past the native cut-over. */
    static final int[][] GEMM_SHAPES = {
        {1, 1, 1}, {1, 17, 9}, {13, 1, 7}, {9, 8, 1}, {1, 1, 40}, {0, 5, 3}, {4, 0, 3}, {4, 5, 0},
        {7, 9, 15}, {16, 16, 16}, {17, 33, 31}, {8, 24, 40}, {64, 65, 63}, {100, 37, 129},
    };

    static Stream<Arguments> gemmCases() {
        return withShapes(GEMM_SHAPES);
    }

    /** (α, β); β = 0 runs with NaN in C, which must be overwritten, not multiplied. */
    static final double[][] ALPHA_BETA = {{1, 0}, {-0.5, 1.5}, {2, -1}, {0, 0.5}};

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("gemmCases")
    void gemmAllTransposesLayoutsAndScalars(BackendCase backend, DType dt, int[] mnk) {
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        Random rnd = new Random(1000L * m + 100L * n + k);
        try (BackendScope s = TestSupport.use(backend)) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int block = 0; block < 2; block++) {
                        for (double[] ab : ALPHA_BETA) {
                            // op(A) = a, op(B) = b as views: transposed layouts are (a stored k×m).t().
                            Tensor a = randomMatrix(rnd, dt, m, k, (ta ? 2 : 0) + block);
                            Tensor b = randomMatrix(rnd, dt, k, n, (tb ? 2 : 0) + (1 - block));
                            Tensor c = outputMatrix(dt, m, n, block);
                            double alpha = ab[0];
                            double beta = ab[1];
                            if (beta == 0) {
                                c.fill(Double.NaN);
                            } else {
                                c.assign(randomMatrix(rnd, dt, m, n, 0));
                            }
                            double[][] ad = toArray(a);
                            double[][] bd = toArray(b);
                            double[][] c0 = toArray(c);
                            double[][] ref = matmul(ad, bd, m, k, n);
                            double[][] scale = absMatmul(ad, bd, m, k, n);
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double cij = beta == 0 ? 0 : beta * c0[i][j];
                                    ref[i][j] = alpha * ref[i][j] + cij;
                                    scale[i][j] = Math.abs(alpha) * scale[i][j] + Math.abs(cij);
                                }
                            }
                            Linalg.gemm(alpha, a, b, beta, c);
                            String what = "gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k
                                    + " A " + layoutName((ta ? 2 : 0) + block) + ", B "
                                    + layoutName((tb ? 2 : 0) + 1 - block) + ", C " + layoutName(block)
                                    + ", alpha " + alpha + ", beta " + beta + " on " + backend + " " + dt;
                            assertMatrixClose(ref, scale, c, dotTol(dt, k), what);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void gemmWritesOnlyItsBlockOfC(BackendCase backend, DType dt) {
        Random rnd = new Random(11);
        try (BackendScope s = TestSupport.use(backend)) {
            for (int size : new int[] {5, 40}) {
                Tensor big = Tensor.zeros(dt, size + 4, size + 6).fill(Double.NaN);
                Tensor c = big.block(2, 3, size, size);
                Tensor a = randomMatrix(rnd, dt, size, size, 1);
                Tensor b = randomMatrix(rnd, dt, size, size, 3);
                Linalg.gemm(1, a, b, 0, c);
                assertTrue(c.allFinite());
                int nan = 0;
                for (int i = 0; i < big.size(); i++) {
                    nan += Double.isNaN(big.getFlat(i)) ? 1 : 0;
                }
                assertEquals(big.size() - c.size(), nan, "gemm wrote outside C on " + backend);
            }
        }
    }

    /** A 700×700 product checked by Freivalds' method: C·x against A·(B·x) for random vectors x. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void gemmLarge(BackendCase backend, DType dt) {
        int n = 700;
        Random rnd = new Random(700);
        Tensor a = randomMatrix(rnd, dt, n, n, 0);
        Tensor b = randomMatrix(rnd, dt, n, n, 2);
        Tensor c = Tensor.zeros(dt, n, n);
        try (BackendScope s = TestSupport.use(backend)) {
            Linalg.gemm(1, a, b, 0, c);
        }
        double[][] ad = toArray(a);
        double[][] bd = toArray(b);
        double[][] cd = toArray(c);
        for (int trial = 0; trial < 3; trial++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 2 * rnd.nextDouble() - 1;
            }
            double[] bx = new double[n];
            double[] bxAbs = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    bx[i] += bd[i][j] * x[j];
                    bxAbs[i] += Math.abs(bd[i][j] * x[j]);
                }
            }
            for (int i = 0; i < n; i++) {
                double abx = 0;
                double scale = 0;
                double cx = 0;
                for (int j = 0; j < n; j++) {
                    abx += ad[i][j] * bx[j];
                    scale += Math.abs(ad[i][j]) * bxAbs[j];
                    cx += cd[i][j] * x[j];
                }
                double bound = dotTol(dt, n) * scale;
                if (!(Math.abs(cx - abx) <= bound)) {
                    fail("700x700 gemm on " + backend + " " + dt + ": row " + i + " of C·x is " + cx + ", A·B·x is "
                            + abx);
                }
            }
        }
    }

    /** Operands with no unit stride cannot go to BLAS as they are; they must be copied, not misread. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void productsOfViewsWithoutUnitStride(BackendCase backend, DType dt) {
        Random rnd = new Random(4);
        try (BackendScope s = TestSupport.use(backend)) {
            for (int[] mnk : new int[][] {{1, 1, 1}, {3, 1, 5}, {9, 17, 8}, {40, 33, 41}}) {
                int m = mnk[0];
                int n = mnk[1];
                int k = mnk[2];
                Tensor a = randomMatrix(rnd, dt, m, k, 4);
                Tensor b = randomMatrix(rnd, dt, k, n, 4);
                double[][] ad = toArray(a);
                double[][] bd = toArray(b);
                String what = m + "x" + n + "x" + k + " on " + backend + " " + dt;
                Tensor c = Tensor.zeros(dt, m, n);
                Linalg.gemm(1, a, b, 0, c);
                assertMatrixClose(matmul(ad, bd, m, k, n), absMatmul(ad, bd, m, k, n), c, dotTol(dt, k), "gemm " + what);
                Tensor ct = Tensor.zeros(dt, n, m);
                Linalg.gemm(1, b.t(), a.t(), 0, ct);
                assertMatrixClose(transpose(matmul(ad, bd, m, k, n), m, n), transpose(absMatmul(ad, bd, m, k, n), m, n),
                        ct, dotTol(dt, k), "gemm of transposes " + what);
                Tensor g = Tensor.zeros(dt, m, m);
                Linalg.syrk(1, a, 0, g);
                double[][] at = transpose(ad, m, k);
                assertMatrixClose(matmul(ad, at, m, k, m), absMatmul(ad, at, m, k, m), g, dotTol(dt, k), "syrk " + what);
                Tensor y = Tensor.zeros(dt, m);
                Tensor x = b.col(0);
                Linalg.gemv(1, a, x, 0, y);
                double[][] xd = toArray(x.copy().reshape(k, 1));
                assertMatrixClose(matmul(ad, xd, m, k, 1), absMatmul(ad, xd, m, k, 1), y.reshape(m, 1), dotTol(dt, k),
                        "gemv " + what);
                Tensor t = triangular(rnd, dt, k, true, 4);
                Tensor rhs = randomMatrix(rnd, dt, k, n, 0);
                double[][] r0 = toArray(rhs);
                Linalg.solveTriangular(t, rhs, true, false, true);
                double[][] tl = toArray(t);
                for (int i = 0; i < k; i++) {
                    for (int j = i + 1; j < k; j++) {
                        tl[i][j] = 0;
                    }
                }
                double[][] xs = toArray(rhs);
                assertMatrixClose(r0, absMatmul(tl, xs, k, k, n), tensor(matmul(tl, xs, k, k, n)), 4 * dotTol(dt, k),
                        "solveTriangular " + what);
            }
        }
    }

    // ------------------------------------------------------------------ gemv

    static Stream<Arguments> gemvCases() {
        return withShapes(new int[][] {{1, 1}, {1, 17}, {17, 1}, {0, 4}, {4, 0}, {9, 15}, {16, 33}, {65, 64},
            {700, 31}});
    }

    /** A vector of length n: contiguous, strided (a column of a matrix) or at an offset (a slice). */
    static Tensor vector(Random rnd, DType dt, int n, int layout) {
        Tensor v = switch (layout) {
            case 0 -> Tensor.zeros(dt, n);
            case 1 -> Tensor.zeros(dt, n, 3).fill(Double.NaN).col(2);
            default -> Tensor.zeros(dt, n + 4).fill(Double.NaN).slice(0, 1, n + 1);
        };
        for (int i = 0; i < n; i++) {
            v.set(2 * rnd.nextDouble() - 1, i);
        }
        return v;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("gemvCases")
    void gemv(BackendCase backend, DType dt, int[] mn) {
        int m = mn[0];
        int n = mn[1];
        Random rnd = new Random(31L * m + n);
        try (BackendScope s = TestSupport.use(backend)) {
            for (int al = 0; al < 4; al++) {
                for (int xl = 0; xl < 3; xl++) {
                    for (int yl = 0; yl < 3; yl++) {
                        double alpha = al % 2 == 0 ? 1 : -1.5;
                        double beta = al < 2 ? 0 : 0.5;
                        Tensor a = randomMatrix(rnd, dt, m, n, al);
                        Tensor x = vector(rnd, dt, n, xl);
                        Tensor y = vector(rnd, dt, m, yl);
                        if (beta == 0) {
                            y.fill(Double.NaN);
                        }
                        double[] y0 = y.toDoubleArray();
                        double[] xs = x.toDoubleArray();
                        double[][] ref = new double[m][1];
                        double[][] scale = new double[m][1];
                        for (int i = 0; i < m; i++) {
                            double sum = 0;
                            double abs = 0;
                            for (int j = 0; j < n; j++) {
                                sum += a.get(i, j) * xs[j];
                                abs += Math.abs(a.get(i, j) * xs[j]);
                            }
                            double yi = beta == 0 ? 0 : beta * y0[i];
                            ref[i][0] = alpha * sum + yi;
                            scale[i][0] = Math.abs(alpha) * abs + Math.abs(yi);
                        }
                        Linalg.gemv(alpha, a, x, beta, y);
                        String what = "gemv " + m + "x" + n + " A " + layoutName(al) + ", x layout " + xl
                                + ", y layout " + yl + " on " + backend + " " + dt;
                        assertMatrixClose(ref, scale, y.copy().reshape(m, 1), dotTol(dt, n), what);
                        assertArrayEquals(xs, x.toDoubleArray(), what + " modified x");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ syrk, matmul, gram

    static Stream<Arguments> syrkCases() {
        return withShapes(new int[][] {{1, 1}, {1, 9}, {9, 1}, {0, 3}, {5, 0}, {7, 15}, {16, 16}, {17, 33},
            {33, 40}, {70, 50}, {700, 9}});
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("syrkCases")
    void syrk(BackendCase backend, DType dt, int[] nk) {
        int n = nk[0];
        int k = nk[1];
        Random rnd = new Random(77L * n + k);
        try (BackendScope s = TestSupport.use(backend)) {
            int combo = 0;
            for (boolean gram : new boolean[] {false, true}) {
                for (int layout : layouts(n, combo++)) {
                    for (double[] ab : new double[][] {{1, 0}, {-0.75, 2}}) {
                        // op(A) is n×k: A itself (A·Aᵀ) or the transpose of a k×n matrix X (Xᵀ·X).
                        Tensor x = gram ? randomMatrix(rnd, dt, k, n, layout) : randomMatrix(rnd, dt, n, k, layout);
                        Tensor opA = gram ? x.t() : x;
                        Tensor c = outputMatrix(dt, n, n, layout);
                        double alpha = ab[0];
                        double beta = ab[1];
                        if (beta == 0) {
                            c.fill(Double.NaN);
                        } else {
                            Tensor sym = TestSupport.randomSymmetric(rnd, dt, n);
                            c.assign(sym);
                        }
                        double[][] ad = toArray(opA);
                        double[][] at = transpose(ad, n, k);
                        double[][] c0 = toArray(c);
                        double[][] ref = matmul(ad, at, n, k, n);
                        double[][] scale = absMatmul(ad, at, n, k, n);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < n; j++) {
                                double cij = beta == 0 ? 0 : beta * c0[i][j];
                                ref[i][j] = alpha * ref[i][j] + cij;
                                scale[i][j] = Math.abs(alpha) * scale[i][j] + Math.abs(cij);
                            }
                        }
                        Linalg.syrk(alpha, opA, beta, c);
                        String what = "syrk " + (gram ? "XᵀX" : "AAᵀ") + " n=" + n + " k=" + k + " " + layoutName(layout)
                                + " alpha " + alpha + " beta " + beta + " on " + backend + " " + dt;
                        assertMatrixClose(ref, scale, c, dotTol(dt, k), what);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < i; j++) {
                                assertEquals(c.get(j, i), c.get(i, j), what + ": C is not symmetric at " + i + "," + j);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void matmulAndGram(BackendCase backend, DType dt) {
        Random rnd = new Random(5);
        try (BackendScope s = TestSupport.use(backend)) {
            for (int[] mnk : new int[][] {{1, 1, 1}, {3, 5, 7}, {19, 1, 33}, {40, 41, 42}, {0, 3, 2}}) {
                int m = mnk[0];
                int n = mnk[1];
                int k = mnk[2];
                Tensor a = randomMatrix(rnd, dt, m, k, 3);
                Tensor b = randomMatrix(rnd, dt, k, n, 1);
                Tensor c = Linalg.matmul(a, b);
                assertEquals(dt, c.dtype());
                assertArrayEquals(new int[] {m, n}, c.shape());
                assertTrue(c.isContiguous());
                double[][] ad = toArray(a);
                double[][] bd = toArray(b);
                assertMatrixClose(matmul(ad, bd, m, k, n), absMatmul(ad, bd, m, k, n), c, dotTol(dt, k),
                        "matmul " + m + "x" + n + "x" + k + " on " + backend);
                Tensor g = Linalg.gram(a);
                double[][] at = transpose(ad, m, k);
                assertMatrixClose(matmul(ad, at, m, k, m), absMatmul(ad, at, m, k, m), g, dotTol(dt, k),
                        "gram " + m + "x" + k + " on " + backend);
                Tensor gt = Linalg.gram(a.t());
                assertMatrixClose(matmul(at, ad, k, m, k), absMatmul(at, ad, k, m, k), gt, dotTol(dt, m),
                        "gram of the transpose " + k + "x" + m + " on " + backend);
            }
        }
    }

    // ------------------------------------------------------------------ solveTriangular

    static Stream<Arguments> trsmCases() {
        return withShapes(new int[][] {{1, 1}, {1, 6}, {2, 1}, {7, 3}, {16, 17}, {17, 8}, {40, 40}, {700, 5},
            {5, 0}});
    }

    /**
     * A well-conditioned triangular matrix in one of the {@link TestSupport#randomMatrix} layouts:
     * diagonal of magnitude in [1, 2] with random signs, off-diagonal entries O(1/n), NaN in the
     * other triangle (which must never be read).
     */
    static Tensor triangular(Random rnd, DType dt, int n, boolean lower, int layout) {
        Tensor t = randomMatrix(rnd, dt, n, n, layout);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    t.set((1 + rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1), i, i);
                } else if ((i > j) == lower) {
                    t.set(t.get(i, j) / n, i, j);
                } else {
                    t.set(Double.NaN, i, j);
                }
            }
        }
        return t;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("trsmCases")
    void solveTriangular(BackendCase backend, DType dt, int[] nr) {
        int n = nr[0];
        int nrhs = nr[1];
        Random rnd = new Random(13L * n + nrhs);
        try (BackendScope s = TestSupport.use(backend)) {
            int combo = 0;
            for (boolean lower : new boolean[] {true, false}) {
                for (boolean trans : new boolean[] {false, true}) {
                    for (boolean left : new boolean[] {true, false}) {
                        for (int layout : layouts(n, combo++)) {
                            Tensor t = triangular(rnd, dt, n, lower, layout);
                            int rows = left ? n : nrhs;
                            int cols = left ? nrhs : n;
                            Tensor b = outputMatrix(dt, rows, cols, layout);
                            b.assign(randomMatrix(rnd, dt, rows, cols, 0));
                            double[][] b0 = toArray(b);
                            Linalg.solveTriangular(t, b, lower, trans, left);
                            // op(T) in float64, with the unused triangle as zeros.
                            double[][] op = new double[n][n];
                            for (int i = 0; i < n; i++) {
                                for (int j = 0; j < n; j++) {
                                    boolean inside = i == j || (i > j) == lower;
                                    double v = inside ? t.get(i, j) : 0;
                                    if (trans) {
                                        op[j][i] = v;
                                    } else {
                                        op[i][j] = v;
                                    }
                                }
                            }
                            double[][] x = toArray(b);
                            double[][] back = left ? matmul(op, x, n, n, nrhs) : matmul(x, op, nrhs, n, n);
                            double[][] scale = left ? absMatmul(op, x, n, n, nrhs) : absMatmul(x, op, nrhs, n, n);
                            String what = "solveTriangular " + (lower ? "lower" : "upper") + (trans ? " transposed" : "")
                                    + (left ? " left" : " right") + " n=" + n + " nrhs=" + nrhs + " T "
                                    + layoutName(layout) + " on " + backend + " " + dt;
                            assertTrue(b.allFinite(), what + ": the result is not finite");
                            // Residual op(T)·X − B (or X·op(T) − B), relative to |op(T)|·|X|.
                            assertMatrixClose(b0, scale, tensor(back), dotTol(dt, n) * 4, what);
                        }
                    }
                }
            }
        }
    }

    static Tensor tensor(double[][] a) {
        int m = a.length;
        int n = m == 0 ? 0 : a[0].length;
        Tensor t = Tensor.zeros(DType.F64, m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t.set(a[i][j], i, j);
            }
        }
        return t;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndDtypes")
    void solveTriangularKnownSolution(BackendCase backend, DType dt) {
        try (BackendScope s = TestSupport.use(backend)) {
            Tensor l = Tensor.matrix(dt, new double[][] {{2, 0, 0}, {1, 4, 0}, {-1, 2, 8}});
            Tensor b = Tensor.matrix(dt, new double[][] {{2}, {9}, {25}});
            Linalg.solveTriangular(l, b, true, false, true);
            assertArrayEquals(new double[] {1, 2, 2.75}, b.toDoubleArray(), 1e-6);
            // Lᵀ·x = (2, 9, 8)ᵀ: x₃ = 1, x₂ = (9 − 2)/4, x₁ = (2 − x₂ + x₃)/2.
            Tensor c = Tensor.matrix(dt, new double[][] {{2}, {9}, {8}});
            Linalg.solveTriangular(l, c, true, true, true);
            assertArrayEquals(new double[] {(2 - 1.75 + 1) / 2, 1.75, 1}, c.toDoubleArray(), 1e-6);
            // Solving with l.t() as an upper triangular matrix is the same system.
            Tensor d = Tensor.matrix(dt, new double[][] {{2}, {9}, {8}});
            Linalg.solveTriangular(l.t(), d, false, false, true);
            assertArrayEquals(c.toDoubleArray(), d.toDoubleArray(), 1e-6);
        }
    }

    // ------------------------------------------------------------------ shape and dtype errors

    static void assertNamesShapes(Executable op, String... shapes) {
        ShapeException e = assertThrows(ShapeException.class, op);
        for (String s : shapes) {
            assertTrue(e.getMessage().contains(s), () -> "message '" + e.getMessage() + "' does not name " + s);
        }
    }

    @Test
    void wrongShapesAreRejectedWithBothShapes() {
        DType dt = DType.F64;
        Tensor a23 = Tensor.zeros(dt, 2, 3);
        Tensor a43 = Tensor.zeros(dt, 4, 3);
        Tensor c24 = Tensor.zeros(dt, 2, 4);
        Tensor c25 = Tensor.zeros(dt, 2, 5);
        assertNamesShapes(() -> Linalg.gemm(1, a23, a43, 0, c24), "[2, 3]", "[4, 3]");
        assertNamesShapes(() -> Linalg.gemm(1, a23, a43.t(), 0, c25), "[2, 5]", "[2, 4]");
        assertNamesShapes(() -> Linalg.matmul(a23, a23), "[2, 3]");
        assertNamesShapes(() -> Linalg.gemm(1, Tensor.zeros(dt, 3), a43, 0, c24), "[3]");
        assertNamesShapes(() -> Linalg.syrk(1, a23, 0, Tensor.zeros(dt, 3, 3)), "[3, 3]", "[2, 3]");
        assertNamesShapes(() -> Linalg.syrk(1, a23.t(), 0, Tensor.zeros(dt, 2, 2)), "[2, 2]", "[3, 2]");
        assertNamesShapes(() -> Linalg.gemv(1, a23, Tensor.zeros(dt, 2), 0, Tensor.zeros(dt, 2)), "[2, 3]", "[2]");
        assertNamesShapes(() -> Linalg.gemv(1, a23, Tensor.zeros(dt, 3), 0, Tensor.zeros(dt, 3)), "[2, 3]", "[3]");
        assertNamesShapes(() -> Linalg.gemv(1, a23, Tensor.zeros(dt, 3, 1), 0, Tensor.zeros(dt, 2)), "[3, 1]");
        assertNamesShapes(() -> Linalg.solveTriangular(a23, c24, true, false, true), "[2, 3]");
        assertNamesShapes(() -> Linalg.solveTriangular(Tensor.zeros(dt, 3, 3), c24, true, false, true),
                "[3, 3]", "[2, 4]");
        assertNamesShapes(() -> Linalg.solveTriangular(Tensor.zeros(dt, 2, 2), Tensor.zeros(dt, 2, 3), true, false,
                false), "[2, 2]", "[2, 3]");
        // Outputs must have unit column stride.
        assertNamesShapes(() -> Linalg.gemm(1, a23, a43.t(), 0, Tensor.zeros(dt, 4, 2).t()), "stride");
        assertNamesShapes(() -> Linalg.syrk(1, a23, 0, Tensor.zeros(dt, 2, 2).t()), "stride");
        // Factorizations need matrices, and some need square ones.
        assertNamesShapes(() -> Linalg.cholesky(a23), "[2, 3]");
        assertNamesShapes(() -> Linalg.eigh(a23), "[2, 3]");
        assertNamesShapes(() -> Linalg.qr(Tensor.zeros(dt, 2, 2, 2)), "[2, 2, 2]");
        assertNamesShapes(() -> Linalg.svd(Tensor.zeros(dt, 4)), "[4]");
    }

    @Test
    void dtypeMismatchIsRejected() {
        Tensor f = Tensor.zeros(DType.F32, 3, 3);
        Tensor d = Tensor.zeros(DType.F64, 3, 3);
        List<Executable> ops = List.of(
                () -> Linalg.gemm(1, f, d, 0, d), () -> Linalg.gemm(1, d, d, 0, f), () -> Linalg.syrk(1, f, 0, d),
                () -> Linalg.gemv(1, d, Tensor.zeros(DType.F32, 3), 0, Tensor.zeros(DType.F64, 3)),
                () -> Linalg.solveTriangular(f, d, true, false, true));
        for (Executable op : ops) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op);
            assertFalse(e instanceof ShapeException, e.getMessage());
            assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
        }
    }
}
