package dev.curvature.core.backend;

import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.factor.QR;
import dev.curvature.core.factor.SVD;

/**
 * The pure-Java backend: BLAS-3 on hand-written Vector API kernels ({@link JavaBlas}), which no
 * Java library provides at this speed, and factorizations through EJML ({@link JavaLapack}).
 * Always available; chosen automatically when the native libraries cannot load.
 */
public final class JavaBackend implements Backend {
    private static final JavaBackend INSTANCE = new JavaBackend();

    private volatile int threads = Runtime.getRuntime().availableProcessors();

    private JavaBackend() {}

    static JavaBackend instance() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String description() {
        return "java (Vector API kernels, " + JavaBlas.vectorDescription() + "; EJML factorizations), "
                + threads + " thread" + (threads == 1 ? "" : "s");
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": must be >= 1");
        }
        this.threads = threads;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        JavaBlas.gemm(threads, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        JavaBlas.gemm(threads, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void syrk(boolean trans, int n, int k, float alpha, float[] a, int aOff, int lda, float beta, float[] c,
                     int cOff, int ldc) {
        JavaBlas.syrk(threads, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
    }

    @Override
    public void syrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta,
                     double[] c, int cOff, int ldc) {
        JavaBlas.syrk(threads, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                     int incx, float beta, float[] y, int yOff, int incy) {
        JavaGemv.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
                     int incx, double beta, double[] y, int yOff, int incy) {
        JavaGemv.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
    }

    @Override
    public void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        JavaBlas.trsm(left, lower, transA, unitDiagonal, m, n, alpha, a, aOff, lda, b, bOff, ldb);
    }

    @Override
    public void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        JavaBlas.trsm(left, lower, transA, unitDiagonal, m, n, alpha, a, aOff, lda, b, bOff, ldb);
    }

    @Override
    public QR qr(Tensor a) {
        return JavaLapack.qr(a);
    }

    @Override
    public Tensor cholesky(Tensor a) {
        return JavaLapack.cholesky(a);
    }

    @Override
    public Eigh eigh(Tensor a) {
        return JavaLapack.eigh(a);
    }

    @Override
    public SVD svd(Tensor a) {
        return JavaLapack.svd(a);
    }
}
