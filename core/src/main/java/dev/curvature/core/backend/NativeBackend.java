package dev.curvature.core.backend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.factor.NotPositiveDefiniteException;
import dev.curvature.core.factor.QR;
import dev.curvature.core.factor.SVD;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * OpenBLAS and LAPACKE from {@code org.bytedeco:openblas}, whose platform jar bundles the shared
 * libraries, so nothing but Maven Central is needed. JavaCPP's loader only extracts and loads the
 * libraries; the calls go through the FFM API with {@link Linker.Option#critical(boolean) critical}
 * heap access, so Java arrays are passed in place without the copies JNI array marshalling makes.
 *
 * <p>GEMM and SYRK calls smaller than {@value #DEFAULT_THRESHOLD} multiply-adds (property
 * {@code curvature.native.threshold}) run on the Java kernels: there the native call and
 * OpenBLAS's thread start-up cost more than the arithmetic.
 */
public final class NativeBackend implements Backend {
    /** Default m·n·k below which GEMM/SYRK stay in Java. */
    // GemmThresholdBenchmark, 1 thread, Zen 5: Java beats OpenBLAS's AVX-512 kernels below 16³ (8³: 42 vs 71 ns f32, 39 vs 86 ns f64), not at 16³ f64.
    public static final long DEFAULT_THRESHOLD = 16L * 16 * 16;

    private static final int ROW_MAJOR = 101;
    private static final int COL_MAJOR = 102;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int UPPER = 121;
    private static final int LOWER = 122;
    private static final int NON_UNIT = 131;
    private static final int UNIT = 132;
    private static final int LEFT = 141;
    private static final int RIGHT = 142;

    private static volatile NativeBackend instance;
    private static volatile Throwable loadFailure;

    private final long threshold;
    private final Native nat;
    private volatile int threads;

    private NativeBackend(Native nat, long threshold) {
        this.nat = nat;
        this.threshold = threshold;
        this.threads = Runtime.getRuntime().availableProcessors();
    }

    /**
     * The shared instance.
     *
     * @throws UnsupportedOperationException naming the cause when the native libraries cannot load
     */
    static NativeBackend instance() {
        NativeBackend b = instance;
        if (b != null) {
            return b;
        }
        synchronized (NativeBackend.class) {
            if (instance == null && loadFailure == null) {
                try {
                    instance = new NativeBackend(new Native(), Long.getLong("curvature.native.threshold",
                            DEFAULT_THRESHOLD));
                } catch (Throwable t) {
                    loadFailure = t;
                }
            }
            if (instance == null) {
                throw new UnsupportedOperationException("native OpenBLAS unavailable: " + loadFailure,
                        loadFailure);
            }
            return instance;
        }
    }

    /** A native backend that calls OpenBLAS at every size (for tests of the native path itself). */
    public NativeBackend withThreshold(long newThreshold) {
        NativeBackend b = new NativeBackend(nat, newThreshold);
        b.threads = threads;
        return b;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public String description() {
        return "native (" + nat.config + ", core " + nat.coreName + "), " + threads + " thread"
                + (threads == 1 ? "" : "s");
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
        try {
            nat.setNumThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        JavaBackend.instance().setThreads(threads);
    }

    // ------------------------------------------------------------------ BLAS

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if ((long) m * n * k < threshold || m == 0 || n == 0) {
            JavaBlas.gemm(threads, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment bs = seg(b, bOff);
        MemorySegment cs = seg(c, cOff);
        try {
            nat.sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                alpha, as, Math.max(1, lda), bs, Math.max(1, ldb), beta, cs, Math.max(1, ldc));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if ((long) m * n * k < threshold || m == 0 || n == 0) {
            JavaBlas.gemm(threads, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment bs = seg(b, bOff);
        MemorySegment cs = seg(c, cOff);
        try {
            nat.dgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                alpha, as, Math.max(1, lda), bs, Math.max(1, ldb), beta, cs, Math.max(1, ldc));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void syrk(boolean trans, int n, int k, float alpha, float[] a, int aOff, int lda, float beta, float[] c,
                     int cOff, int ldc) {
        if ((long) n * n * k < threshold || n == 0) {
            JavaBlas.syrk(threads, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment cs = seg(c, cOff);
        try {
            nat.ssyrk.invokeExact(ROW_MAJOR, UPPER, trans ? TRANS : NO_TRANS, n, k, alpha, as,
                Math.max(1, lda), beta, cs, Math.max(1, ldc));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        // BLAS SYRK writes the upper triangle only.
        JavaBlas.mirrorUpper(n, c, cOff, ldc);
    }

    @Override
    public void syrk(boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda, double beta,
                     double[] c, int cOff, int ldc) {
        if ((long) n * n * k < threshold || n == 0) {
            JavaBlas.syrk(threads, trans, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment cs = seg(c, cOff);
        try {
            nat.dsyrk.invokeExact(ROW_MAJOR, UPPER, trans ? TRANS : NO_TRANS, n, k, alpha, as,
                Math.max(1, lda), beta, cs, Math.max(1, ldc));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        // BLAS SYRK writes the upper triangle only.
        JavaBlas.mirrorUpper(n, c, cOff, ldc);
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                     int incx, float beta, float[] y, int yOff, int incy) {
        if ((long) m * n < threshold || m == 0 || n == 0) {
            JavaGemv.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment xs = seg(x, xOff);
        MemorySegment ys = seg(y, yOff);
        try {
            nat.sgemv.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, m, n, alpha, as, Math.max(1, lda), xs, incx,
                beta, ys, incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
                     int incx, double beta, double[] y, int yOff, int incy) {
        if ((long) m * n < threshold || m == 0 || n == 0) {
            JavaGemv.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment xs = seg(x, xOff);
        MemorySegment ys = seg(y, yOff);
        try {
            nat.dgemv.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, m, n, alpha, as, Math.max(1, lda), xs, incx,
                beta, ys, incy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        if (m == 0 || n == 0) {
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment bs = seg(b, bOff);
        try {
            nat.strsm.invokeExact(ROW_MAJOR, left ? LEFT : RIGHT, lower ? LOWER : UPPER,
                transA ? TRANS : NO_TRANS, unitDiagonal ? UNIT : NON_UNIT, m, n, alpha, as, Math.max(1, lda), bs,
                Math.max(1, ldb));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        if (m == 0 || n == 0) {
            return;
        }
        MemorySegment as = seg(a, aOff);
        MemorySegment bs = seg(b, bOff);
        try {
            nat.dtrsm.invokeExact(ROW_MAJOR, left ? LEFT : RIGHT, lower ? LOWER : UPPER,
                transA ? TRANS : NO_TRANS, unitDiagonal ? UNIT : NON_UNIT, m, n, alpha, as, Math.max(1, lda), bs,
                Math.max(1, ldb));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ LAPACK

    @Override
    public QR qr(Tensor a) {
        int m = a.rows();
        int n = a.cols();
        int p = Math.min(m, n);
        Tensor work = a.copy();
        Tensor tau = Tensor.zeros(a.dtype(), Math.max(1, p));
        MemorySegment ws = seg(work);
        MemorySegment ts = seg(tau);
        int lda = Math.max(1, n);
        if (p == 0) {
            return new QR(Tensor.zeros(a.dtype(), m, 0), Tensor.zeros(a.dtype(), 0, n));
        }
        boolean f32 = a.dtype() == DType.F32;
        check("geqrf", f32 ? call(() -> (int) nat.sgeqrf.invokeExact(ROW_MAJOR, m, n, ws, lda, ts))
                : call(() -> (int) nat.dgeqrf.invokeExact(ROW_MAJOR, m, n, ws, lda, ts)));
        Tensor r = Tensor.zeros(a.dtype(), p, n);
        for (int i = 0; i < p; i++) {
            for (int j = i; j < n; j++) {
                r.set(work.get(i, j), i, j);
            }
        }
        // orgqr builds the m×p factor in the leading p columns of the row-major work array (lda = n ≥ p).
        check("orgqr", f32 ? call(() -> (int) nat.sorgqr.invokeExact(ROW_MAJOR, m, p, p, ws, lda, ts))
                : call(() -> (int) nat.dorgqr.invokeExact(ROW_MAJOR, m, p, p, ws, lda, ts)));
        Tensor q = work.block(0, 0, m, p).copy();
        return new QR(q, r);
    }

    @Override
    public Tensor cholesky(Tensor a) {
        int n = a.rows();
        Tensor l = a.copy();
        if (n == 0) {
            return l;
        }
        MemorySegment ls = seg(l);
        int info = a.dtype() == DType.F32
                ? call(() -> (int) nat.spotrf.invokeExact(ROW_MAJOR, (byte) 'L', n, ls, n))
                : call(() -> (int) nat.dpotrf.invokeExact(ROW_MAJOR, (byte) 'L', n, ls, n));
        if (info > 0) {
            throw new NotPositiveDefiniteException(n);
        }
        check("potrf", info);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                l.set(0.0, i, j);
            }
        }
        return l;
    }

    @Override
    public Eigh eigh(Tensor a) {
        int n = a.rows();
        Tensor v = a.copy();
        Tensor w = Tensor.zeros(a.dtype(), n);
        if (n == 0) {
            return new Eigh(w, v);
        }
        MemorySegment vs = seg(v);
        MemorySegment ws = seg(w);
        int info = a.dtype() == DType.F32
                ? call(() -> (int) nat.ssyevd.invokeExact(ROW_MAJOR, (byte) 'V', (byte) 'L', n, vs, n, ws))
                : call(() -> (int) nat.dsyevd.invokeExact(ROW_MAJOR, (byte) 'V', (byte) 'L', n, vs, n, ws));
        if (info > 0) {
            throw new ArithmeticException("symmetric eigendecomposition of a " + n + "x" + n
                    + " matrix did not converge (syevd info " + info + ")");
        }
        check("syevd", info);
        return new Eigh(w, v);
    }

    @Override
    public SVD svd(Tensor a) {
        int m = a.rows();
        int n = a.cols();
        int p = Math.min(m, n);
        Tensor work = a.copy();
        Tensor u = Tensor.zeros(a.dtype(), m, p);
        Tensor s = Tensor.zeros(a.dtype(), p);
        Tensor vt = Tensor.zeros(a.dtype(), p, n);
        if (p == 0) {
            return new SVD(u, s, vt);
        }
        MemorySegment as = seg(work);
        MemorySegment ss = seg(s);
        MemorySegment us = seg(u);
        MemorySegment vts = seg(vt);
        // The row-major m×n A is the column-major n×m Aᵀ = V·S·Uᵀ: LAPACK's column-major U of Aᵀ (n×p,
        // ld n) is our row-major Vᵀ (p×n) and its Vᵀ (p×m, ld p) our row-major U (m×p). Calling the
        // column-major routine on Aᵀ skips the three transposing copies LAPACKE's row-major layout makes.
        int info = a.dtype() == DType.F32
                ? call(() -> (int) nat.sgesdd.invokeExact(COL_MAJOR, (byte) 'S', n, m, as, n, ss, vts, n, us, p))
                : call(() -> (int) nat.dgesdd.invokeExact(COL_MAJOR, (byte) 'S', n, m, as, n, ss, vts, n, us, p));
        if (info > 0) {
            throw new ArithmeticException("SVD of a " + m + "x" + n + " matrix did not converge (gesdd info "
                    + info + ")");
        }
        check("gesdd", info);
        return new SVD(u, s, vt);
    }

    // ------------------------------------------------------------------ plumbing

    private static MemorySegment seg(float[] x, int off) {
        SegmentCache c = SEGMENTS.get();
        MemorySegment s = c.find(x, off);
        if (s == null) {
            s = MemorySegment.ofArray(x).asSlice((long) off * Float.BYTES);
            c.put(x, off, s);
        }
        return s;
    }

    private static MemorySegment seg(double[] x, int off) {
        SegmentCache c = SEGMENTS.get();
        MemorySegment s = c.find(x, off);
        if (s == null) {
            s = MemorySegment.ofArray(x).asSlice((long) off * Double.BYTES);
            c.put(x, off, s);
        }
        return s;
    }

    private static final ThreadLocal<SegmentCache> SEGMENTS = ThreadLocal.withInitial(SegmentCache::new);

    /**
     * The memory segments of the last few (array, offset) pairs passed to native calls on this
     * thread. Wrapping a heap array costs two small objects per operand; optimizers and polar
     * engines call BLAS on the same work buffers every step, so reusing the wrappers makes their
     * steady state allocation-free. Arrays and segments are held weakly: the cache never keeps a
     * buffer alive.
     */
    private static final class SegmentCache {
        private static final int SIZE = 16;
        @SuppressWarnings("unchecked")
        private final java.lang.ref.WeakReference<Object>[] arrays = new java.lang.ref.WeakReference[SIZE];
        private final int[] offsets = new int[SIZE];
        @SuppressWarnings("unchecked")
        private final java.lang.ref.WeakReference<MemorySegment>[] segments = new java.lang.ref.WeakReference[SIZE];
        private int next;

        MemorySegment find(Object array, int off) {
            for (int i = 0; i < SIZE; i++) {
                java.lang.ref.WeakReference<Object> a = arrays[i];
                if (a != null && offsets[i] == off && a.get() == array) {
                    MemorySegment s = segments[i].get();
                    if (s != null) {
                        return s;
                    }
                }
            }
            return null;
        }

        void put(Object array, int off, MemorySegment s) {
            arrays[next] = new java.lang.ref.WeakReference<>(array);
            offsets[next] = off;
            segments[next] = new java.lang.ref.WeakReference<>(s);
            next = (next + 1) % SIZE;
        }
    }

    private static MemorySegment seg(Tensor t) {
        return t.dtype() == DType.F32 ? seg(t.floatData(), t.offset()) : seg(t.doubleData(), t.offset());
    }

    private static void check(String routine, int info) {
        if (info < 0) {
            throw new IllegalArgumentException("LAPACKE " + routine + ": argument " + (-info) + " is invalid");
        }
    }

    @FunctionalInterface
    private interface NativeIntCall {
        int run() throws Throwable;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    private static int call(NativeIntCall call) {
        try {
            return call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The bound native functions. */
    private static final class Native {
        final String config;
        final String coreName;
        final MethodHandle setNumThreads;
        final MethodHandle sgemm;
        final MethodHandle dgemm;
        final MethodHandle ssyrk;
        final MethodHandle dsyrk;
        final MethodHandle sgemv;
        final MethodHandle dgemv;
        final MethodHandle strsm;
        final MethodHandle dtrsm;
        final MethodHandle sgeqrf;
        final MethodHandle dgeqrf;
        final MethodHandle sorgqr;
        final MethodHandle dorgqr;
        final MethodHandle spotrf;
        final MethodHandle dpotrf;
        final MethodHandle ssyevd;
        final MethodHandle dsyevd;
        final MethodHandle sgesdd;
        final MethodHandle dgesdd;
        private final SymbolLookup lookup;
        private final Linker linker = Linker.nativeLinker();

        Native() throws Throwable {
            // Extracts the bundled libopenblas (and its runtime dependencies) and loads it into this class loader.
            org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas.class);
            lookup = SymbolLookup.loaderLookup();
            MethodHandle getConfig = bind("openblas_get_config", FunctionDescriptor.of(ADDRESS), false);
            MethodHandle getCore = bind("openblas_get_corename", FunctionDescriptor.of(ADDRESS), false);
            config = ((MemorySegment) getConfig.invokeExact()).reinterpret(256).getString(0);
            coreName = ((MemorySegment) getCore.invokeExact()).reinterpret(64).getString(0);
            setNumThreads = bind("openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT), false);
            sgemm = bind("cblas_sgemm", gemmDescriptor(JAVA_FLOAT), true);
            dgemm = bind("cblas_dgemm", gemmDescriptor(JAVA_DOUBLE), true);
            ssyrk = bind("cblas_ssyrk", syrkDescriptor(JAVA_FLOAT), true);
            dsyrk = bind("cblas_dsyrk", syrkDescriptor(JAVA_DOUBLE), true);
            sgemv = bind("cblas_sgemv", gemvDescriptor(JAVA_FLOAT), true);
            dgemv = bind("cblas_dgemv", gemvDescriptor(JAVA_DOUBLE), true);
            strsm = bind("cblas_strsm", trsmDescriptor(JAVA_FLOAT), true);
            dtrsm = bind("cblas_dtrsm", trsmDescriptor(JAVA_DOUBLE), true);
            FunctionDescriptor geqrf = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT,
                    ADDRESS);
            sgeqrf = bind("LAPACKE_sgeqrf", geqrf, true);
            dgeqrf = bind("LAPACKE_dgeqrf", geqrf, true);
            FunctionDescriptor orgqr = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                    JAVA_INT, ADDRESS);
            sorgqr = bind("LAPACKE_sorgqr", orgqr, true);
            dorgqr = bind("LAPACKE_dorgqr", orgqr, true);
            FunctionDescriptor potrf = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS,
                    JAVA_INT);
            spotrf = bind("LAPACKE_spotrf", potrf, true);
            dpotrf = bind("LAPACKE_dpotrf", potrf, true);
            FunctionDescriptor syevd = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_BYTE, JAVA_INT,
                    ADDRESS, JAVA_INT, ADDRESS);
            ssyevd = bind("LAPACKE_ssyevd", syevd, true);
            dsyevd = bind("LAPACKE_dsyevd", syevd, true);
            FunctionDescriptor gesdd = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, JAVA_INT,
                    ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
            sgesdd = bind("LAPACKE_sgesdd", gesdd, true);
            dgesdd = bind("LAPACKE_dgesdd", gesdd, true);
        }

        private MethodHandle bind(String name, FunctionDescriptor fd, boolean heapAccess) {
            MemorySegment sym = lookup.find(name)
                    .orElseThrow(() -> new UnsatisfiedLinkError("symbol " + name + " not found in OpenBLAS"));
            return heapAccess ? linker.downcallHandle(sym, fd, Linker.Option.critical(true))
                    : linker.downcallHandle(sym, fd);
        }

        private static FunctionDescriptor gemmDescriptor(MemoryLayout scalar) {
            return FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, scalar,
                    ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, scalar, ADDRESS, JAVA_INT);
        }

        private static FunctionDescriptor syrkDescriptor(MemoryLayout scalar) {
            return FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, scalar, ADDRESS,
                    JAVA_INT, scalar, ADDRESS, JAVA_INT);
        }

        private static FunctionDescriptor gemvDescriptor(MemoryLayout scalar) {
            return FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, scalar, ADDRESS, JAVA_INT, ADDRESS,
                    JAVA_INT, scalar, ADDRESS, JAVA_INT);
        }

        private static FunctionDescriptor trsmDescriptor(MemoryLayout scalar) {
            return FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    scalar, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        }
    }
}
