package dev.curvature.bench.phase;

import dev.curvature.core.Tensor;
import dev.curvature.core.backend.Backends;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.diagnostics.HessianOperator;
import dev.curvature.diagnostics.Lanczos;
import dev.curvature.optim.Blocks;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain measurement, not a unit test: the phase-retrieval gradient ∇f(x) = −Σ(y_i² − (a_iᵀx)²)(a_iᵀx)a_i
 * and Hessian-vector product (at the gradient's point, and at a new point) at the data written by {@code bench/peer/phase_retrieval_peer.py
 * --generate}, timed three ways: the one-pass {@link PhaseRetrievalKernel} ({@code java-fused}),
 * the same formula as two OpenBLAS GEMV passes through {@link Linalg#gemv} ({@code java-gemv}),
 * and Lanczos with exactly k Hessian-vector products ({@code lanczos<k>}, fused kernel). Prints
 * CSV rows {@code impl,op,threads,median_ms,min_ms,max_ms,reps} and a {@code check} row with f and
 * ‖∇f‖ for the cross-check against numpy. {@code bench/run-phase-retrieval-peer.sh} runs it.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g \
 *      -cp "bench/target/classes:lab/target/lib/*" \
 *      dev.curvature.bench.phase.PhaseRetrievalProbe DATA_DIR THREADS [REPS] [WARMUP] [K]
 * </pre>
 */
public final class PhaseRetrievalProbe {
    private PhaseRetrievalProbe() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int k = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        Backends.current().setThreads(threads);
        Loaded a = load(dir.resolve("A.npy"));
        double[] x = load(dir.resolve("x.npy")).data;
        double[] v = load(dir.resolve("v.npy")).data;
        double[] y2 = load(dir.resolve("y2.npy")).data;
        int m = a.shape[0];
        int n = a.shape[1];
        PhaseRetrievalKernel kernel = new PhaseRetrievalKernel(a.data, 0, m, n, y2, threads);
        double[] g = new double[n];
        double[] hv = new double[n];

        double f = kernel.valueAndGradient(x, g);
        System.out.printf(Locale.ROOT, "check,java-fused,%d,%.17g,%.17g,%.17g%n", threads, f, norm(g), g[0]);
        time("java-fused", "gradient", threads, reps, warmup, () -> kernel.valueAndGradient(x, g));
        // At the gradient's point z = A·x is known: one inner product per row, as in Lanczos.
        time("java-fused", "hvp", threads, reps, warmup, () -> kernel.hessianVectorProduct(x, v, hv));
        // Alternating between two points defeats that: two inner products per row.
        double[] x2 = x.clone();
        x2[0] = Math.nextUp(x2[0]);
        boolean[] flip = new boolean[1];
        time("java-fused", "hvp-new-x", threads, reps, warmup, () -> {
            flip[0] = !flip[0];
            kernel.hessianVectorProduct(flip[0] ? x2 : x, v, hv);
        });

        // The same formula as numpy computes it: z = A·x, w = −(y² − z²)·z, g = Aᵀw (two GEMV passes).
        Tensor at = Tensor.wrap(a.data, m, n);
        Tensor xt = Tensor.wrap(x, n);
        Tensor z = Tensor.zeros(dev.curvature.core.DType.F64, m);
        Tensor w = Tensor.zeros(dev.curvature.core.DType.F64, m);
        Tensor gt = Tensor.zeros(dev.curvature.core.DType.F64, n);
        Runnable twoPass = () -> {
            Linalg.gemv(1, at, xt, 0, z);
            double[] zd = z.doubleData();
            double[] wd = w.doubleData();
            for (int i = 0; i < m; i++) {
                double r = y2[i] - zd[i] * zd[i];
                wd[i] = -r * zd[i];
            }
            Linalg.gemv(1, at.t(), w, 0, gt);
        };
        twoPass.run();
        System.out.printf(Locale.ROOT, "check,java-gemv,%d,%.17g,%.17g,%.17g%n", threads, f, gt.norm(), gt.get(0));
        time("java-gemv", "gradient", threads, reps, warmup, twoPass);

        // Lanczos with exactly k products: tol 0 never converges, a basis of k + 1 never restarts.
        PhaseRetrievalBenchProblem problem = new PhaseRetrievalBenchProblem(kernel, x);
        Blocks xb = problem.initialPoint(null);
        HessianOperator op = new HessianOperator(HessianOperator.Mode.EXACT).bind(problem, xb);
        Lanczos lanczos = new Lanczos(new Lanczos.Options(Math.max(3, k + 1), 1, 0.0, k));
        int[] used = new int[1];
        double[] lmin = new double[1];
        time("java-fused", "lanczos" + k, threads, Math.max(3, reps / 2), 1, () -> {
            Lanczos.Result r = lanczos.compute(op, xb, RandomStream.of(1), Lanczos.Target.MIN);
            used[0] = r.hvps();
            lmin[0] = r.lambdaMin();
        });
        System.out.printf(Locale.ROOT, "check,lanczos,%d,%d,%.17g%n", threads, used[0], lmin[0]);
    }

    private static void time(String impl, String op, int threads, int reps, int warmup, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%s,%s,%d,%.3f,%.3f,%.3f,%d%n", impl, op, threads, t[reps / 2], t[0],
                t[reps - 1], reps);
        System.out.flush();
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** A little-endian float64 C-order .npy file, read through a memory map in one bulk copy. */
    private record Loaded(double[] data, int[] shape) {}

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private static Loaded load(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            MappedByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(ch.size(), 4096));
            head.order(ByteOrder.LITTLE_ENDIAN);
            int major = head.get(6);
            int headerLen = major == 1 ? Short.toUnsignedInt(head.getShort(8)) : head.getInt(8);
            int start = (major == 1 ? 10 : 12) + headerLen;
            byte[] hb = new byte[headerLen];
            head.get(major == 1 ? 10 : 12, hb);
            String header = new String(hb, StandardCharsets.ISO_8859_1);
            if (!header.contains("'<f8'") || header.contains("'fortran_order': True")) {
                throw new IOException(p + ": expected a C-order <f8 array, header " + header.trim());
            }
            Matcher sm = SHAPE.matcher(header);
            if (!sm.find()) {
                throw new IOException(p + ": no shape in " + header.trim());
            }
            int[] shape = Arrays.stream(sm.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            long count = 1;
            for (int d : shape) {
                count *= d;
            }
            double[] data = new double[Math.toIntExact(count)];
            MappedByteBuffer body = ch.map(FileChannel.MapMode.READ_ONLY, start, count * 8);
            body.order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(data);
            return new Loaded(data, shape);
        }
    }
}
