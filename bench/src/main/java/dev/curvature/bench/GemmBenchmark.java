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
 * Square GEMM C ← A·B (row-major, no transposes, β = 0) on a chosen backend and thread count.
 * Reports the time per call; throughput is 2·size³ / time (see {@code bench/run-gemm-peer.sh}).
 * Each fork runs one configuration, so the backends' thread pools never share a JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBenchmark {
    @Param({"256", "512", "1024", "2048"})
    int size;

    @Param({"f32", "f64"})
    String dtype;

    @Param({"native", "java"})
    String backend;

    @Param({"1", "2"})
    int threads;

    private Backend be;
    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;

    @Setup(Level.Trial)
    public void setUp() {
        be = switch (backend) {
            case "native" -> Backends.nativeBackend();
            case "java" -> Backends.java();
            default -> throw new IllegalArgumentException("backend " + backend);
        };
        be.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(size);
        int len = size * size;
        if (dtype.equals("f32")) {
            af = randomFloats(rnd, len);
            bf = randomFloats(rnd, len);
            cf = new float[len];
        } else {
            ad = rnd.doubles(len, -1, 1).toArray();
            bd = rnd.doubles(len, -1, 1).toArray();
            cd = new double[len];
        }
    }

    private static float[] randomFloats(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    @Benchmark
    public Object gemm() {
        int n = size;
        if (af != null) {
            be.gemm(false, false, n, n, n, 1f, af, 0, n, bf, 0, n, 0f, cf, 0, n);
            return cf;
        }
        be.gemm(false, false, n, n, n, 1.0, ad, 0, n, bd, 0, n, 0.0, cd, 0, n);
        return cd;
    }
}
