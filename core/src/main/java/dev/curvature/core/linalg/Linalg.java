package dev.curvature.core.linalg;

import dev.curvature.core.DType;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import dev.curvature.core.backend.Backend;
import dev.curvature.core.backend.Backends;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.factor.QR;
import dev.curvature.core.factor.SVD;
import dev.curvature.core.random.RandomStream;

/**
 * Dense linear algebra on {@link Tensor} matrices: BLAS-3 products and LAPACK factorizations,
 * executed by the process-wide {@link Backends#current() backend}.
 *
 * <p>Transposes are views: {@code gemm(1, a.t(), b, 0, c)} computes C = Aᵀ·B without copying,
 * because a transposed view is passed to BLAS as the stored matrix with the transpose flag. Any
 * view whose rows or columns are unit-stride is passed in place; other views are copied once.
 * Output matrices must have unit column stride. Every method checks ranks, shapes and dtypes and
 * names both shapes when they disagree.
 */
public final class Linalg {
    private Linalg() {}

    // ------------------------------------------------------------------ products

    /** C ← α·A·B + β·C (BLAS gemm). A: m×k, B: k×n, C: m×n; pass {@code a.t()} for Aᵀ. */
    public static void gemm(double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        requireMatrix(a, "gemm A");
        requireMatrix(b, "gemm B");
        requireMatrix(c, "gemm C");
        requireSameDType("gemm", a, b, c);
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        if (b.rows() != k) {
            throw new ShapeException("gemm: inner dimensions differ, A is " + shape(a) + " and B is " + shape(b));
        }
        if (c.rows() != m || c.cols() != n) {
            throw new ShapeException("gemm: C is " + shape(c) + " but A·B is [" + m + ", " + n + "] (A "
                    + shape(a) + ", B " + shape(b) + ")");
        }
        requireWritable(c, "gemm");
        // Layouts are computed as primitives, so that a product of BLAS-compatible views allocates nothing.
        Tensor sa = Layout.stored(a);
        Tensor sb = Layout.stored(b);
        boolean ta = Layout.trans(sa);
        boolean tb = Layout.trans(sb);
        int lda = Layout.ld(sa, ta);
        int ldb = Layout.ld(sb, tb);
        int ldc = Layout.ld(c, false);
        Backend be = Backends.current();
        if (a.dtype() == DType.F32) {
            be.gemm(ta, tb, m, n, k, (float) alpha, sa.floatData(), sa.offset(), lda,
                    sb.floatData(), sb.offset(), ldb, (float) beta, c.floatData(), c.offset(), ldc);
        } else {
            be.gemm(ta, tb, m, n, k, alpha, sa.doubleData(), sa.offset(), lda,
                    sb.doubleData(), sb.offset(), ldb, beta, c.doubleData(), c.offset(), ldc);
        }
    }

    /** A new matrix A·B. */
    public static Tensor matmul(Tensor a, Tensor b) {
        requireMatrix(a, "matmul A");
        requireMatrix(b, "matmul B");
        Tensor c = Tensor.zeros(a.dtype(), a.rows(), b.cols());
        gemm(1.0, a, b, 0.0, c);
        return c;
    }

    /** y ← α·A·x + β·y for a matrix A (m×n) and vectors x (n), y (m). */
    public static void gemv(double alpha, Tensor a, Tensor x, double beta, Tensor y) {
        requireMatrix(a, "gemv A");
        x.requireRank(1, "gemv x");
        y.requireRank(1, "gemv y");
        if (x.dim(0) != a.cols() || y.dim(0) != a.rows()) {
            throw new ShapeException("gemv: A is " + shape(a) + ", x is " + shape(x) + ", y is " + shape(y));
        }
        requireSameDType("gemv", a, x, y);
        Layout la = Layout.of(a);
        // m, n: rows and columns of the matrix as stored; a transposed view is the stored matrix with trans.
        int m = la.trans ? a.cols() : a.rows();
        int n = la.trans ? a.rows() : a.cols();
        int incx = x.dim(0) <= 1 ? 1 : x.stride(0);
        int incy = y.dim(0) <= 1 ? 1 : y.stride(0);
        Backend be = Backends.current();
        if (a.dtype() == DType.F32) {
            be.gemv(la.trans, m, n, (float) alpha, la.t.floatData(), la.t.offset(), la.ld, x.floatData(), x.offset(),
                    incx, (float) beta, y.floatData(), y.offset(), incy);
        } else {
            be.gemv(la.trans, m, n, alpha, la.t.doubleData(), la.t.offset(), la.ld, x.doubleData(), x.offset(), incx,
                    beta, y.doubleData(), y.offset(), incy);
        }
    }

    /**
     * C ← α·A·Aᵀ + β·C (BLAS syrk, both triangles written, the result exactly symmetric). A: n×k,
     * C: n×n; pass {@code a.t()} for the Gram matrix Aᵀ·A. Half the multiply-adds of the equivalent
     * gemm. When β ≠ 0, C must be symmetric: a backend may read only one of its triangles.
     */
    public static void syrk(double alpha, Tensor a, double beta, Tensor c) {
        requireMatrix(a, "syrk A");
        requireMatrix(c, "syrk C");
        requireSameDType("syrk", a, c);
        int n = a.rows();
        int k = a.cols();
        if (c.rows() != n || c.cols() != n) {
            throw new ShapeException("syrk: C is " + shape(c) + " but A·Aᵀ is [" + n + ", " + n + "] (A " + shape(a)
                    + ")");
        }
        requireWritable(c, "syrk");
        Tensor sa = Layout.stored(a);
        boolean ta = Layout.trans(sa);
        int lda = Layout.ld(sa, ta);
        int ldc = Layout.ld(c, false);
        Backend be = Backends.current();
        if (a.dtype() == DType.F32) {
            be.syrk(ta, n, k, (float) alpha, sa.floatData(), sa.offset(), lda, (float) beta,
                    c.floatData(), c.offset(), ldc);
        } else {
            be.syrk(ta, n, k, alpha, sa.doubleData(), sa.offset(), lda, beta, c.doubleData(),
                    c.offset(), ldc);
        }
    }

    /** A new Gram matrix A·Aᵀ. */
    public static Tensor gram(Tensor a) {
        requireMatrix(a, "gram");
        Tensor c = Tensor.zeros(a.dtype(), a.rows(), a.rows());
        syrk(1.0, a, 0.0, c);
        return c;
    }

    /**
     * Triangular solve in place: B ← op(T)⁻¹·B ({@code left}) or B ← B·op(T)⁻¹, where T is lower or
     * upper triangular (the other triangle is ignored) and op(T) = Tᵀ when {@code transpose}.
     */
    public static void solveTriangular(Tensor t, Tensor b, boolean lower, boolean transpose, boolean left) {
        requireMatrix(t, "solveTriangular T");
        requireMatrix(b, "solveTriangular B");
        requireSameDType("solveTriangular", t, b);
        if (t.rows() != t.cols()) {
            throw new ShapeException("solveTriangular: T must be square, got " + shape(t));
        }
        int need = left ? b.rows() : b.cols();
        if (t.rows() != need) {
            throw new ShapeException("solveTriangular: T is " + shape(t) + " but B is " + shape(b) + " (solving from the "
                    + (left ? "left" : "right") + ")");
        }
        requireWritable(b, "solveTriangular");
        Layout lt = Layout.of(t);
        Layout lb = Layout.of(b);
        // A transposed view of T is the stored matrix with the other triangle.
        boolean storedLower = lt.trans != lower;
        boolean trans = lt.trans != transpose;
        Backend be = Backends.current();
        if (t.dtype() == DType.F32) {
            be.trsm(left, storedLower, trans, false, b.rows(), b.cols(), 1f, lt.t.floatData(), lt.t.offset(), lt.ld,
                    b.floatData(), b.offset(), lb.ld);
        } else {
            be.trsm(left, storedLower, trans, false, b.rows(), b.cols(), 1.0, lt.t.doubleData(), lt.t.offset(),
                    lt.ld, b.doubleData(), b.offset(), lb.ld);
        }
    }

    // ------------------------------------------------------------------ factorizations

    /** Thin QR A = Q·R (Householder). */
    public static QR qr(Tensor a) {
        requireMatrix(a, "qr");
        requireFinite(a, "qr");
        return Backends.current().qr(contiguous(a));
    }

    /** Lower Cholesky factor L with A = L·Lᵀ of a symmetric positive-definite matrix (lower triangle read). */
    public static Tensor cholesky(Tensor a) {
        requireSquare(a, "cholesky");
        requireFinite(a, "cholesky");
        return Backends.current().cholesky(contiguous(a));
    }

    /** Symmetric eigendecomposition (lower triangle read), eigenvalues ascending. */
    public static Eigh eigh(Tensor a) {
        requireSquare(a, "eigh");
        requireFinite(a, "eigh");
        return Backends.current().eigh(contiguous(a));
    }

    /** Thin SVD A = U·diag(s)·Vᵀ with s descending. */
    public static SVD svd(Tensor a) {
        requireMatrix(a, "svd");
        requireFinite(a, "svd");
        return Backends.current().svd(contiguous(a));
    }

    /**
     * Estimate of the spectral norm ‖A‖₂ = σ_max(A) by power iteration on AᵀA from a random start.
     * Stops when two successive estimates differ by less than {@code relTol} relative, or after
     * {@code maxIter} iterations. The estimate never exceeds the true value (up to rounding) and
     * converges at rate (σ₂/σ₁)² per iteration.
     */
    public static double spectralNorm(Tensor a, int maxIter, double relTol, RandomStream rng) {
        requireMatrix(a, "spectralNorm");
        if (maxIter < 1) {
            throw new IllegalArgumentException("spectralNorm: maxIter = " + maxIter + ": must be >= 1");
        }
        if (!(relTol >= 0)) {
            throw new IllegalArgumentException("spectralNorm: relTol = " + relTol + ": must be >= 0");
        }
        int m = a.rows();
        int n = a.cols();
        if (m == 0 || n == 0) {
            return 0.0;
        }
        Tensor v = Tensor.zeros(a.dtype(), n);
        Tensor av = Tensor.zeros(a.dtype(), m);
        rng.fillNormal(v, 0.0, 1.0);
        double nv = v.norm();
        v.scale(1.0 / nv);
        double sigma = 0.0;
        for (int it = 0; it < maxIter; it++) {
            gemv(1.0, a, v, 0.0, av);
            double next = av.norm();
            if (next == 0.0 || !Double.isFinite(next)) {
                return next;
            }
            gemv(1.0 / next, a.t(), av, 0.0, v);
            double nrm = v.norm();
            if (nrm == 0.0) {
                return next;
            }
            v.scale(1.0 / nrm);
            boolean done = Math.abs(next - sigma) <= relTol * next;
            sigma = next;
            if (done) {
                break;
            }
        }
        return sigma;
    }

    // ------------------------------------------------------------------ helpers

    /** A matrix view as BLAS sees it: the stored tensor, its leading dimension and whether it is transposed. */
    private record Layout(Tensor t, int ld, boolean trans) {
        /** x itself when its rows or columns are unit-stride (BLAS can read it in place), else a contiguous copy. */
        static Tensor stored(Tensor x) {
            int r = x.rows();
            int c = x.cols();
            boolean direct = c == 1 || x.stride(1) == 1 || r == 1 || x.stride(0) == 1;
            return direct ? x : x.copy();
        }

        /** True when the stored x is passed as the transpose of a row-major matrix. */
        static boolean trans(Tensor x) {
            return !(x.cols() == 1 || x.stride(1) == 1);
        }

        /** The leading dimension of a stored x, as {@link #of} computes it. */
        static int ld(Tensor x, boolean trans) {
            int r = x.rows();
            int c = x.cols();
            if (!trans) {
                return r == 1 ? Math.max(1, c) : Math.max(x.stride(0), Math.max(1, c));
            }
            return c == 1 ? Math.max(1, r) : Math.max(x.stride(1), Math.max(1, r));
        }

        static Layout of(Tensor x) {
            int r = x.rows();
            int c = x.cols();
            int s0 = x.stride(0);
            int s1 = x.stride(1);
            if (c == 1 || s1 == 1) {
                return new Layout(x, r == 1 ? Math.max(1, c) : Math.max(s0, Math.max(1, c)), false);
            }
            if (r == 1 || s0 == 1) {
                return new Layout(x, c == 1 ? Math.max(1, r) : Math.max(s1, Math.max(1, r)), true);
            }
            Tensor copy = x.copy();
            return new Layout(copy, Math.max(1, c), false);
        }
    }

    private static Tensor contiguous(Tensor a) {
        return a.isContiguous() ? a : a.copy();
    }

    private static void requireWritable(Tensor c, String op) {
        if (c.cols() > 1 && c.stride(1) != 1) {
            throw new ShapeException(op + ": the output must have unit column stride, got strides ["
                    + c.stride(0) + ", " + c.stride(1) + "] (write into a contiguous matrix)");
        }
    }

    private static void requireMatrix(Tensor a, String op) {
        a.requireRank(2, op);
    }

    private static void requireSquare(Tensor a, String op) {
        requireMatrix(a, op);
        if (a.rows() != a.cols()) {
            throw new ShapeException(op + " needs a square matrix, got " + shape(a));
        }
    }

    private static void requireFinite(Tensor a, String op) {
        if (!a.allFinite()) {
            throw new ArithmeticException(op + ": the " + shape(a) + " input contains NaN or infinite entries");
        }
    }

    // Fixed arities rather than varargs: a varargs array per product would allocate on every call.
    private static void requireSameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtype mismatch " + a.dtype() + " vs " + b.dtype());
        }
    }

    private static void requireSameDType(String op, Tensor a, Tensor b, Tensor c) {
        requireSameDType(op, a, b);
        requireSameDType(op, a, c);
    }

    private static String shape(Tensor t) {
        return Tensor.shapeString(t.shape());
    }
}
