package dev.curvature.bench;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.backend.Backends;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.spectral.Polar;
import dev.curvature.optim.spectral.PolarEngine;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Java side of {@code bench/run-polar-peer.sh}: times float32 polar factors of N(0, 1) matrices
 * with Curvature's engines, for comparison with numpy and PyTorch-CPU running the same algorithm
 * ({@code bench/peer/polar_peer.py}):
 * <ul>
 *   <li>{@code ns5}: Muon's 5 quintic Newton–Schulz steps (3.4445, −4.7750, 2.0315) on X/(‖X‖_F + 1e-7),
 *       wide orientation;</li>
 *   <li>{@code svd}: the exact U·Vᵀ from LAPACK {@code sgesdd}.</li>
 * </ul>
 * Per shape: {@code warmup} untimed calls, then the median of {@code reps} timed calls into a
 * preallocated output, and the bytes the timed calls allocated (thread allocation counter).
 * Prints CSV: {@code impl,op,rows,cols,threads,median_s,min_s,reps,alloc_bytes_per_call}.
 *
 * <pre>
 * java ... -Dcurvature.threads=2 -cp bench/target/benchmarks.jar dev.curvature.bench.PolarPeerProbe \
 *     THREADS REPS WARMUP OPS SHAPES            # e.g. 2 7 3 ns5,svd 768x768,768x3072,1024x4096
 * </pre>
 */
public final class PolarPeerProbe {
    /** With POLAR_ALLOC_TRACE set, each timed call's allocation goes to standard error. */
    private static final boolean TRACE = System.getenv("POLAR_ALLOC_TRACE") != null;

    private PolarPeerProbe() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        String[] ops = args[3].split(",");
        String[] shapes = args[4].split(",");
        Backends.current().setThreads(threads);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        System.out.println("impl,op,rows,cols,threads,median_s,min_s,reps,alloc_bytes_per_call");
        for (String op : ops) {
            for (String shape : shapes) {
                String[] mn = shape.split("x");
                int m = Integer.parseInt(mn[0]);
                int n = Integer.parseInt(mn[1]);
                Tensor g = RandomStream.of(12345).fillNormal(Tensor.zeros(DType.F32, m, n), 0, 1);
                Tensor out = Tensor.zeros(DType.F32, m, n);
                PolarEngine engine = Polar.engine(op);
                for (int i = 0; i < warmup; i++) {
                    engine.polar(g, out);
                }
                double[] t = new double[reps];
                long a0 = mx.getThreadAllocatedBytes(tid);
                for (int i = 0; i < reps; i++) {
                    long b0 = TRACE ? mx.getThreadAllocatedBytes(tid) : 0;
                    long t0 = System.nanoTime();
                    engine.polar(g, out);
                    t[i] = (System.nanoTime() - t0) / 1e9;
                    if (TRACE) {
                        System.err.println(op + " " + shape + " call " + i + ": "
                                + (mx.getThreadAllocatedBytes(tid) - b0) + " bytes");
                    }
                }
                long bytes = (mx.getThreadAllocatedBytes(tid) - a0) / reps;
                double[] s = t.clone();
                Arrays.sort(s);
                System.out.println(String.format(Locale.ROOT, "java,%s,%d,%d,%d,%.6f,%.6f,%d,%d", op, m, n, threads,
                        s[reps / 2], s[0], reps, bytes));
                System.out.flush();
            }
        }
    }
}
