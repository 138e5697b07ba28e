package dev.curvature.bench;

import dev.curvature.core.backend.Backend;
import dev.curvature.core.backend.Backends;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Small square GEMMs on one thread: OpenBLAS called at every size ({@code native}, threshold 0)
 * against the Java kernels ({@code java}). The crossover sets
 * {@link dev.curvature.core.backend.NativeBackend#DEFAULT_THRESHOLD}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmThresholdBenchmark {
    @Param({"4", "8", "16", "24", "32", "48", "64", "96", "128", "192", "256"})
    int size;

    @Param({"f32", "f64"})
    String dtype;

    @Param({"native", "java"})
    String backend;

    private Backend be;
    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;

    @Setup(Level.Trial)
    public void setUp() {
        be = backend.equals("native") ? Backends.nativeBackend().withThreshold(0) : Backends.java();
        be.setThreads(1);
        SplittableRandom rnd = new SplittableRandom(size);
        int len = size * size;
        af = new float[len];
        bf = new float[len];
        cf = new float[len];
        for (int i = 0; i < len; i++) {
            af[i] = (float) rnd.nextDouble(-1, 1);
            bf[i] = (float) rnd.nextDouble(-1, 1);
        }
        ad = rnd.doubles(len, -1, 1).toArray();
        bd = rnd.doubles(len, -1, 1).toArray();
        cd = new double[len];
    }

    @Benchmark
    public Object gemm() {
        int n = size;
        if (dtype.equals("f32")) {
            be.gemm(false, false, n, n, n, 1f, af, 0, n, bf, 0, n, 0f, cf, 0, n);
            return cf;
        }
        be.gemm(false, false, n, n, n, 1.0, ad, 0, n, bd, 0, n, 0.0, cd, 0, n);
        return cd;
    }
}
