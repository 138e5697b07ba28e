package dev.curvature.core.backend;

import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.factor.QR;
import dev.curvature.core.factor.SVD;

/**
 * A provider of dense BLAS-3 kernels and LAPACK factorizations. Two exist: {@link NativeBackend}
 * (OpenBLAS + LAPACKE bundled by {@code org.bytedeco:openblas}, called through the FFM API without
 * copies) and {@link JavaBackend} (Vector API kernels and EJML factorizations). {@link Backends}
 * picks one; users normally call {@link dev.curvature.core.linalg.Linalg}, which validates shapes
 * and then calls the backend.
 *
 * <p>The BLAS methods take row-major data: element (i, j) of a stored matrix X is
 * {@code x[xOff + i·ldx + j]}. {@code transX} means the operand is op(X) = Xᵀ of the stored
 * matrix. The factorization methods take contiguous row-major tensors whose shapes have already
 * been checked.
 */
public interface Backend {

    /** Short name: {@code native} or {@code java}. */
    String name();

    /** One line naming the library, its version, kernel and threads. */
    String description();

    /** Threads used by the BLAS-3 kernels. */
    int threads();

    /** Sets the threads used by the BLAS-3 kernels (at least 1). */
    void setThreads(int threads);

    /** C ← α·op(A)·op(B) + β·C with op(A) m×k, op(B) k×n, C m×n. β = 0 overwrites C (NaNs in C ignored). */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** Float64 {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Symmetric rank-k update C ← α·op(A)·op(A)ᵀ + β·C with op(A) n×k (trans: A is stored k×n).
     * Both triangles of the n×n C are written.
     */
    void syrk(boolean trans, int n, int k, float alpha, float[] a, int aOff, int lda,
              float beta, float[] c, int cOff, int ldc);

    /** Float64 {@link #syrk(boolean, int, int, float, float[], int, int, float, float[], int, int)}. */
    void syrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Matrix-vector product (BLAS gemv): y ← α·op(A)·x + β·y, with m and n the rows and columns of
     * the stored A and op(A) = Aᵀ when {@code transA}. x has n elements (m when transposed) at stride
     * incx ≥ 1; y has m elements (n when transposed) at stride incy ≥ 1. β = 0 overwrites y.
     */
    void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
              int incx, float beta, float[] y, int yOff, int incy);

    /** Float64 {@link #gemv(boolean, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}. */
    void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
              int incx, double beta, double[] y, int yOff, int incy);

    /**
     * Triangular solve with many right-hand sides (BLAS trsm): B ← α·op(A)⁻¹·B when {@code left},
     * B ← α·B·op(A)⁻¹ otherwise; A is triangular ({@code lower} or upper), B is m×n.
     */
    void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n,
              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb);

    /** Float64 {@link #trsm(boolean, boolean, boolean, boolean, int, int, float, float[], int, int, float[], int, int)}. */
    void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n,
              double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb);

    /** Thin QR of an m×n matrix: Q m×p with orthonormal columns, R p×n upper triangular, p = min(m, n). */
    QR qr(Tensor a);

    /** Lower Cholesky factor L of a symmetric positive-definite matrix (A = L·Lᵀ). */
    Tensor cholesky(Tensor a);

    /** Eigendecomposition of a symmetric matrix: ascending eigenvalues, orthonormal eigenvectors in columns. */
    Eigh eigh(Tensor a);

    /** Thin SVD A = U·diag(s)·Vᵀ: U m×p, s descending (p = min(m, n)), Vᵀ p×n. */
    SVD svd(Tensor a);
}
