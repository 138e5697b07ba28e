package dev.curvature.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JavaBlas} GEMM and SYRK against a naive triple loop in float64, over awkward shapes (empty,
 * single rows and columns, sizes off the vector width and the block sizes), every transpose
 * combination, offsets, padded leading dimensions, α/β (β = 0 on a NaN-filled C), one and two
 * threads, float32 and float64; TRSM in all sixteen side/triangle/transpose/diagonal variants by
 * its residual.
 *
 * <p>Every stored operand sits at an offset inside a larger array whose other entries, including
 * the padding between a row's last column and its leading dimension, are NaN: reading them poisons
 * the result and writing them is caught by the check that they stay NaN.
 */
class JavaBlasTest {
    private static final double F32_EPS = Math.ulp(1f);
    private static final double F64_EPS = Math.ulp(1.0);

    /** m, n, k triples; the multi-block and multi-threaded paths start at 64³ multiply-adds. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 1, 7}, {1, 40, 9}, {40, 1, 9}, {1, 1, 300}, {7, 5, 0}, {16, 32, 1}, {17, 17, 17},
        {33, 33, 33}, {31, 47, 65}, {9, 33, 520}, {129, 129, 129}, {70, 150, 257}, {20, 900, 300},
        {300, 20, 150}, {9, 4100, 3}, {600, 600, 600},
    };

    /** α, β pairs: plain product, general, accumulate, α = 0, β = 0 with a NaN-filled C. */
    private static final double[][] SCALARS = {{1, 0}, {0.75, -1.5}, {2, 1}, {0, 0.5}, {-1.25, 0}};

    static Stream<Arguments> gemmCases() {
        List<Arguments> cases = new ArrayList<>();
        int caseNo = 0;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                for (int threads = 1; threads <= 2; threads++) {
                    double[] ab = SCALARS[caseNo++ % SCALARS.length];
                    cases.add(Arguments.of(s[0], s[1], s[2], transA, transB, ab[0], ab[1], threads));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "f32 m={0} n={1} k={2} tA={3} tB={4} α={5} β={6} threads={7}")
    @MethodSource("gemmCases")
    void gemmF32(int m, int n, int k, boolean transA, boolean transB, double alpha, double beta, int threads) {
        SplittableRandom rnd = new SplittableRandom(31L * m + 17L * n + k);
        Stored a = Stored.random(rnd, transA ? k : m, transA ? m : k).roundedToFloat();
        Stored b = Stored.random(rnd, transB ? n : k, transB ? k : n).roundedToFloat();
        Stored c = (beta == 0 ? Stored.nan(rnd, m, n) : Stored.random(rnd, m, n)).roundedToFloat();
        double[] expected = reference(a, transA, b, transB, m, n, k, alpha, beta, c);
        double[] bound = errorBound(a, transA, b, transB, m, n, k, alpha, beta, c, F32_EPS);

        float[] af = a.toFloat();
        float[] bf = b.toFloat();
        float[] cf = c.toFloat();
        JavaBlas.gemm(threads, transA, transB, m, n, k, (float) alpha, af, a.off, a.ld, bf, b.off, b.ld,
                (float) beta, cf, c.off, c.ld);

        assertUntouchedOutside(a, af);
        assertUntouchedOutside(b, bf);
        c.check(expected, bound, i -> cf[i]);
    }

    @ParameterizedTest(name = "f64 m={0} n={1} k={2} tA={3} tB={4} α={5} β={6} threads={7}")
    @MethodSource("gemmCases")
    void gemmF64(int m, int n, int k, boolean transA, boolean transB, double alpha, double beta, int threads) {
        SplittableRandom rnd = new SplittableRandom(37L * m + 13L * n + k);
        Stored a = Stored.random(rnd, transA ? k : m, transA ? m : k);
        Stored b = Stored.random(rnd, transB ? n : k, transB ? k : n);
        Stored c = beta == 0 ? Stored.nan(rnd, m, n) : Stored.random(rnd, m, n);
        double[] expected = reference(a, transA, b, transB, m, n, k, alpha, beta, c);
        double[] bound = errorBound(a, transA, b, transB, m, n, k, alpha, beta, c, F64_EPS);

        double[] ad = a.data.clone();
        double[] bd = b.data.clone();
        double[] cd = c.data.clone();
        JavaBlas.gemm(threads, transA, transB, m, n, k, alpha, ad, a.off, a.ld, bd, b.off, b.ld, beta, cd, c.off,
                c.ld);

        assertUntouchedOutside(a, ad);
        assertUntouchedOutside(b, bd);
        c.check(expected, bound, i -> cd[i]);
    }

    static Stream<Arguments> syrkCases() {
        int[][] shapes = {{1, 1}, {1, 9}, {5, 0}, {17, 1}, {33, 40}, {129, 65}, {40, 300}, {300, 129}, {257, 520}};
        List<Arguments> cases = new ArrayList<>();
        int caseNo = 0;
        for (int[] s : shapes) {
            for (boolean trans : new boolean[] {false, true}) {
                for (int threads = 1; threads <= 2; threads++) {
                    double[] ab = SCALARS[caseNo++ % SCALARS.length];
                    cases.add(Arguments.of(s[0], s[1], trans, ab[0], ab[1], threads));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "f32 n={0} k={1} trans={2} α={3} β={4} threads={5}")
    @MethodSource("syrkCases")
    void syrkF32(int n, int k, boolean trans, double alpha, double beta, int threads) {
        SplittableRandom rnd = new SplittableRandom(41L * n + k);
        Stored a = Stored.random(rnd, trans ? k : n, trans ? n : k).roundedToFloat();
        Stored c = (beta == 0 ? Stored.nan(rnd, n, n) : Stored.symmetric(rnd, n)).roundedToFloat();
        double[] expected = reference(a, trans, a, !trans, n, n, k, alpha, beta, c);
        double[] bound = errorBound(a, trans, a, !trans, n, n, k, alpha, beta, c, F32_EPS);

        float[] af = a.toFloat();
        float[] cf = c.toFloat();
        JavaBlas.syrk(threads, trans, n, k, (float) alpha, af, a.off, a.ld, (float) beta, cf, c.off, c.ld);

        assertUntouchedOutside(a, af);
        c.check(expected, bound, i -> cf[i]);
        assertSymmetric(n, c, i -> cf[i]);
    }

    @ParameterizedTest(name = "f64 n={0} k={1} trans={2} α={3} β={4} threads={5}")
    @MethodSource("syrkCases")
    void syrkF64(int n, int k, boolean trans, double alpha, double beta, int threads) {
        SplittableRandom rnd = new SplittableRandom(43L * n + k);
        Stored a = Stored.random(rnd, trans ? k : n, trans ? n : k);
        Stored c = beta == 0 ? Stored.nan(rnd, n, n) : Stored.symmetric(rnd, n);
        double[] expected = reference(a, trans, a, !trans, n, n, k, alpha, beta, c);
        double[] bound = errorBound(a, trans, a, !trans, n, n, k, alpha, beta, c, F64_EPS);

        double[] ad = a.data.clone();
        double[] cd = c.data.clone();
        JavaBlas.syrk(threads, trans, n, k, alpha, ad, a.off, a.ld, beta, cd, c.off, c.ld);

        assertUntouchedOutside(a, ad);
        c.check(expected, bound, i -> cd[i]);
        assertSymmetric(n, c, i -> cd[i]);
    }

    static Stream<Arguments> trsmCases() {
        int[][] shapes = {{1, 1}, {5, 3}, {17, 33}, {130, 7}, {7, 130}, {300, 260}};
        double[] alphas = {1, -0.5, 0};
        List<Arguments> cases = new ArrayList<>();
        int caseNo = 0;
        for (int[] s : shapes) {
            for (int flags = 0; flags < 16; flags++) {
                cases.add(Arguments.of(s[0], s[1], (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                        (flags & 8) != 0, alphas[caseNo++ % alphas.length]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "f32 m={0} n={1} left={2} lower={3} tA={4} unit={5} α={6}")
    @MethodSource("trsmCases")
    void trsmF32(int m, int n, boolean left, boolean lower, boolean transA, boolean unit, double alpha) {
        SplittableRandom rnd = new SplittableRandom(47L * m + n);
        int dim = left ? m : n;
        Stored a = Stored.triangular(rnd, dim, lower, unit).roundedToFloat();
        Stored b = Stored.random(rnd, m, n).roundedToFloat();
        float[] af = a.toFloat();
        float[] bf = b.toFloat();
        JavaBlas.trsm(left, lower, transA, unit, m, n, (float) alpha, af, a.off, a.ld, bf, b.off, b.ld);
        assertUntouchedOutside(a, af);
        checkTrsm(a, b, i -> bf[i], left, lower, transA, unit, m, n, alpha, F32_EPS);
    }

    @ParameterizedTest(name = "f64 m={0} n={1} left={2} lower={3} tA={4} unit={5} α={6}")
    @MethodSource("trsmCases")
    void trsmF64(int m, int n, boolean left, boolean lower, boolean transA, boolean unit, double alpha) {
        SplittableRandom rnd = new SplittableRandom(53L * m + n);
        int dim = left ? m : n;
        Stored a = Stored.triangular(rnd, dim, lower, unit);
        Stored b = Stored.random(rnd, m, n);
        double[] ad = a.data.clone();
        double[] bd = b.data.clone();
        JavaBlas.trsm(left, lower, transA, unit, m, n, alpha, ad, a.off, a.ld, bd, b.off, b.ld);
        assertUntouchedOutside(a, ad);
        checkTrsm(a, b, i -> bd[i], left, lower, transA, unit, m, n, alpha, F64_EPS);
    }

    /**
     * The residual op(A)·X − α·B (left) or X·op(A) − α·B (right) of the solution X, per element
     * within c·(dim + 2)·eps·(Σ|op(A)||X| + |α·B|): what a backward-stable solve guarantees.
     */
    private static void checkTrsm(Stored a, Stored b, Reader x, boolean left, boolean lower, boolean transA,
                                  boolean unit, int m, int n, double alpha, double eps) {
        int dim = left ? m : n;
        double[][] t = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                boolean inTriangle = lower ? j <= i : j >= i;
                double aij = i == j && unit ? 1 : inTriangle ? a.get(i, j) : 0;
                if (transA) {
                    t[j][i] = aij;
                } else {
                    t[i][j] = aij;
                }
            }
        }
        double[] residual = new double[m * n];
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < dim; p++) {
                    double term = left ? t[i][p] * x.at(b.index(p, j)) : x.at(b.index(i, p)) * t[p][j];
                    s += term;
                    abs += Math.abs(term);
                }
                residual[i * n + j] = s - alpha * b.get(i, j);
                bound[i * n + j] = 4 * (dim + 2) * eps * (abs + Math.abs(alpha * b.get(i, j))) + Double.MIN_NORMAL;
            }
        }
        for (int i = 0; i < m * n; i++) {
            if (!(Math.abs(residual[i]) <= bound[i])) {
                fail("residual " + residual[i] + " at (" + i / n + "," + i % n + ") exceeds " + bound[i]);
            }
        }
        for (int idx = 0; idx < b.data.length; idx++) {
            boolean inside = idx >= b.off && (idx - b.off) / b.ld < m && (idx - b.off) % b.ld < n;
            if (!inside && !Double.isNaN(x.at(idx))) {
                fail("entry " + idx + " outside B was written: " + x.at(idx));
            }
        }
    }

    @Test
    void emptyOutputsAreNoOps() {
        float[] c = {Float.NaN};
        JavaBlas.gemm(2, false, false, 0, 5, 5, 1f, new float[25], 0, 5, new float[25], 0, 5, 0f, c, 0, 5);
        JavaBlas.gemm(2, true, true, 5, 0, 5, 1f, new float[25], 0, 5, new float[25], 0, 5, 0f, c, 0, 1);
        JavaBlas.syrk(2, false, 0, 3, 1f, new float[3], 0, 3, 0f, c, 0, 1);
        assertTrue(Float.isNaN(c[0]));
    }

    @Test
    void repeatedCallsWithDifferentThreadCountsAgree() {
        SplittableRandom rnd = new SplittableRandom(7);
        int m = 150;
        int n = 170;
        int k = 190;
        double[] a = rnd.doubles((long) m * k, -1, 1).toArray();
        double[] b = rnd.doubles((long) k * n, -1, 1).toArray();
        double[] first = new double[m * n];
        JavaBlas.gemm(1, false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, first, 0, n);
        for (int threads = 1; threads <= 4; threads++) {
            double[] again = new double[m * n];
            JavaBlas.gemm(threads, false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, again, 0, n);
            // Each element is summed in the same order whatever the partition.
            for (int i = 0; i < again.length; i++) {
                assertEquals(first[i], again[i], 0.0, "threads=" + threads + " element " + i);
            }
        }
    }

    @Test
    void concurrentCallersShareThePool() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 160;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        float[] expected = new float[n * n];
        JavaBlas.gemm(1, false, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, expected, 0, n);
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread caller = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 25; rep++) {
                        float[] c = new float[n * n];
                        JavaBlas.gemm(2, false, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                        for (int i = 0; i < c.length; i++) {
                            assertEquals(expected[i], c[i], 0f, "element " + i);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
    }

    // ------------------------------------------------------------------ helpers

    /** op(X)(i, j) of a stored matrix. */
    private static double op(Stored x, boolean trans, int i, int j) {
        return trans ? x.get(j, i) : x.get(i, j);
    }

    private static double[] reference(Stored a, boolean transA, Stored b, boolean transB, int m, int n, int k,
                                      double alpha, double beta, Stored c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                if (alpha != 0) {
                    for (int p = 0; p < k; p++) {
                        s += op(a, transA, i, p) * op(b, transB, p, j);
                    }
                }
                out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c.get(i, j));
            }
        }
        return out;
    }

    /** Per-element bound c·(k + 2)·eps·(|α|·Σₚ|a||b| + |β||c|) for the float64 reference. */
    private static double[] errorBound(Stored a, boolean transA, Stored b, boolean transB, int m, int n, int k,
                                       double alpha, double beta, Stored c, double eps) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += Math.abs(op(a, transA, i, p) * op(b, transB, p, j));
                }
                double cij = beta == 0 ? 0 : Math.abs(beta * c.get(i, j));
                out[i * n + j] = 2 * (k + 2) * eps * (Math.abs(alpha) * s + cij) + Double.MIN_NORMAL;
            }
        }
        return out;
    }

    private interface Reader {
        double at(int index);
    }

    private static void assertUntouchedOutside(Stored x, float[] after) {
        for (int i = 0; i < after.length; i++) {
            assertEquals((float) x.data[i], after[i], 0f, "input changed at " + i);
        }
    }

    private static void assertUntouchedOutside(Stored x, double[] after) {
        for (int i = 0; i < after.length; i++) {
            assertEquals(x.data[i], after[i], 0.0, "input changed at " + i);
        }
    }

    private static void assertSymmetric(int n, Stored c, Reader got) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(got.at(c.index(j, i)), got.at(c.index(i, j)), 0.0, "C not symmetric at " + i + "," + j);
            }
        }
    }

    /**
     * A rows×cols matrix stored at a random offset with a random leading dimension ≥ cols inside an
     * array whose other entries are NaN.
     */
    private static final class Stored {
        final int rows;
        final int cols;
        final int off;
        final int ld;
        final double[] data;

        private Stored(SplittableRandom rnd, int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            this.off = rnd.nextInt(5);
            this.ld = cols + (rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(3));
            this.data = new double[off + rows * ld + rnd.nextInt(3)];
            java.util.Arrays.fill(data, Double.NaN);
        }

        static Stored random(SplittableRandom rnd, int rows, int cols) {
            Stored s = new Stored(rnd, rows, cols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    s.data[s.index(i, j)] = rnd.nextDouble(-1, 1);
                }
            }
            return s;
        }

        /** A C whose own entries are NaN too: β = 0 must ignore them. */
        static Stored nan(SplittableRandom rnd, int rows, int cols) {
            return new Stored(rnd, rows, cols);
        }

        /**
         * A well-conditioned triangular matrix: diagonal magnitudes in [1, 2], off-diagonal entries
         * of size about 1/n; the other triangle (and the diagonal when {@code unit}) stays NaN,
         * since TRSM must not read it.
         */
        static Stored triangular(SplittableRandom rnd, int n, boolean lower, boolean unit) {
            Stored s = new Stored(rnd, n, n);
            for (int i = 0; i < n; i++) {
                for (int j = lower ? 0 : i; j < (lower ? i + 1 : n); j++) {
                    if (i != j) {
                        s.data[s.index(i, j)] = rnd.nextDouble(-1, 1) / n;
                    } else if (!unit) {
                        s.data[s.index(i, j)] = (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble(1, 2);
                    }
                }
            }
            return s;
        }

        static Stored symmetric(SplittableRandom rnd, int n) {
            Stored s = new Stored(rnd, n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = rnd.nextDouble(-1, 1);
                    s.data[s.index(i, j)] = v;
                    s.data[s.index(j, i)] = v;
                }
            }
            return s;
        }

        int index(int i, int j) {
            return off + i * ld + j;
        }

        double get(int i, int j) {
            return data[index(i, j)];
        }

        /** This matrix with every entry rounded to float32, so that the float64 reference sees the same inputs. */
        Stored roundedToFloat() {
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) data[i];
            }
            return this;
        }

        float[] toFloat() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return f;
        }

        /** Entries of C within their bound of the expected value; every entry outside C still NaN. */
        void check(double[] expected, double[] bound, Reader got) {
            boolean[] inside = new boolean[data.length];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int idx = index(i, j);
                    inside[idx] = true;
                    double e = expected[i * cols + j];
                    double g = got.at(idx);
                    if (!(Math.abs(g - e) <= bound[i * cols + j])) {
                        fail("C(" + i + "," + j + ") = " + g + ", expected " + e + " ± " + bound[i * cols + j]);
                    }
                }
            }
            for (int idx = 0; idx < data.length; idx++) {
                if (!inside[idx] && !Double.isNaN(got.at(idx))) {
                    fail("entry " + idx + " outside C was written: " + got.at(idx));
                }
            }
        }
    }
}
