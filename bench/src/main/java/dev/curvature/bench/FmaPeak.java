package dev.curvature.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the fused multiply-add peak of one core with the widest vectors the JVM uses: 12
 * independent FMA chains on registers, no memory traffic, best of several runs. Prints
 * {@code f32 <GFLOP/s>} and {@code f64 <GFLOP/s>} lines, the per-core ceilings that
 * {@code bench/run-gemm-peer.sh} divides GEMM throughput by.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.curvature.bench.FmaPeak</pre>
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    private static final long STEPS = 50_000_000L;
    /** Keeps the chains' results alive so that the JIT cannot drop them. */
    private static volatile double sink;

    private FmaPeak() {}

    public static void main(String[] args) {
        double f32 = 0;
        double f64 = 0;
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            sink += floatChains(STEPS);
            long t1 = System.nanoTime();
            sink += doubleChains(STEPS);
            long t2 = System.nanoTime();
            f32 = Math.max(f32, 2.0 * CHAINS * FS.length() * STEPS / (t1 - t0));
            f64 = Math.max(f64, 2.0 * CHAINS * DS.length() * STEPS / (t2 - t1));
        }
        System.out.printf("f32 %.1f%nf64 %.1f%n", f32, f64);
        System.out.printf("# per core, %d-bit vectors%n", FS.vectorBitSize());
    }

    private static float floatChains(long steps) {
        FloatVector x = FloatVector.broadcast(FS, 0.999999f);
        FloatVector y = FloatVector.broadcast(FS, 1e-7f);
        FloatVector c0 = FloatVector.zero(FS);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        FloatVector c10 = c0;
        FloatVector c11 = c0;
        for (long i = 0; i < steps; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double doubleChains(long steps) {
        DoubleVector x = DoubleVector.broadcast(DS, 0.999999);
        DoubleVector y = DoubleVector.broadcast(DS, 1e-7);
        DoubleVector c0 = DoubleVector.zero(DS);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector c4 = c0;
        DoubleVector c5 = c0;
        DoubleVector c6 = c0;
        DoubleVector c7 = c0;
        DoubleVector c8 = c0;
        DoubleVector c9 = c0;
        DoubleVector c10 = c0;
        DoubleVector c11 = c0;
        for (long i = 0; i < steps; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
