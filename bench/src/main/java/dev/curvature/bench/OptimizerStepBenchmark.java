package dev.curvature.bench;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Label;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedules;
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
 * One optimizer step, {@code update} plus x ← x + u, of SGD with momentum, AdamW and Adam over
 * 10 M parameters in 20 blocks (alternating 1000×500 matrices and vectors of 500 000), with
 * float32 or float64 parameters and state. Run it with the GC profiler:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar OptimizerStepBenchmark -prof gc
 * </pre>
 *
 * <ul>
 *   <li>the score is milliseconds per step; divided by 10 it is nanoseconds per parameter
 *       (10⁷ parameters);</li>
 *   <li>{@code gc.alloc.rate.norm} is bytes allocated per step: the goal, and the contract the
 *       optim tests enforce, is 0. JMH 1.37's GC profiler sums the allocations of all threads,
 *       its own included, which adds a floor proportional to the time per operation (about 4 B
 *       per millisecond on a 2-core machine: a benchmark that only sleeps 10 or 25 ms reports
 *       75 or 127 B/op). Compare against that floor; the optimizer thread itself allocates
 *       nothing (the optim module's {@code StepCostProbe} reads that thread's counter alone).</li>
 * </ul>
 *
 * The gradient is refreshed from a fixed random draw before every step (outside the timing), so
 * that each step transforms a gradient rather than the previous update.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms3g", "-Xmx3g"})
public class OptimizerStepBenchmark {
    /** Parameters in all blocks together. */
    public static final int PARAMETERS = 10_000_000;
    /** Number of blocks. */
    public static final int BLOCKS = 20;

    /** The optimizer, with torch defaults except for its learning rate (1e-3). */
    @Param({"sgd_momentum", "adamw", "adam"})
    public String optimizer;

    /** Parameter dtype / state dtype. */
    @Param({"F32/F32", "F64/F64", "F32/F64"})
    public String precision;

    private Blocks x;
    private Blocks grad;
    private Blocks source;
    private Transform opt;
    private dev.curvature.optim.State state;
    private StepContext ctx;
    private long t;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = precision.split("/");
        DType paramDType = DType.valueOf(p[0]);
        DType stateDType = DType.valueOf(p[1]);
        x = parameters(paramDType);
        source = x.zerosLike();
        RandomStream rng = RandomStream.of(7);
        for (int i = 0; i < source.count(); i++) {
            rng.fillNormal(source.tensor(i), 0, 1e-2);
        }
        grad = x.zerosLike();
        opt = optimizer(optimizer);
        state = opt.init(x, stateDType);
        ctx = new StepContext(null, null);
        t = 0;
    }

    /** A fresh gradient for every step (not timed: a step is several milliseconds). */
    @Setup(Level.Invocation)
    public void refreshGradient() {
        grad.assign(source);
    }

    @Benchmark
    public Blocks step() {
        ctx.begin(t++, Double.NaN, x);
        opt.update(grad, state, ctx);
        return x.add(grad);
    }

    /** 20 blocks of 500 000 elements: 1000×500 matrices and vectors, alternating, drawn from N(0, 0.05²). */
    static Blocks parameters(DType d) {
        int perBlock = PARAMETERS / BLOCKS;
        Blocks.Builder b = Blocks.builder();
        for (int i = 0; i < BLOCKS; i++) {
            if (i % 2 == 0) {
                b.add("w" + i, Label.MATRIX, Tensor.zeros(d, 1000, perBlock / 1000));
            } else {
                b.add("v" + i, Label.VECTOR, Tensor.zeros(d, perBlock));
            }
        }
        Blocks x = b.build();
        RandomStream rng = RandomStream.of(3);
        for (int i = 0; i < x.count(); i++) {
            rng.fillNormal(x.tensor(i), 0, 0.05);
        }
        return x;
    }

    static Transform optimizer(String name) {
        return switch (name) {
            case "sgd_momentum" -> Optimizers.sgd(Schedules.constant(1e-3), Schedules.constant(0.9), false, 0,
                    Schedules.constant(0));
            case "adamw" -> Optimizers.adamw(Schedules.constant(1e-3), 0.9, 0.999, 1e-8, Schedules.constant(0.01));
            case "adam" -> Optimizers.adam(Schedules.constant(1e-3), 0.9, 0.999, 1e-8, Schedules.constant(0));
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'");
        };
    }
}
