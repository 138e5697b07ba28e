package dev.curvature.optim.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curvature.core.DType;
import dev.curvature.optim.Label;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.Allocations;
import dev.curvature.optim.testing.Stepper;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A steady-state optimizer step allocates nothing: 200 {@code update} + apply calls, after
 * warm-up, measured with the thread's allocation counter, over several blocks (a vector, a matrix
 * longer than one {@code Float64Chunks} chunk, a bias) for float32 and float64.
 *
 * <p>Zero holds only once C2 has compiled the step with escape analysis, so these tests carry the
 * tag {@code allocation} and run in their own surefire execution (optim/pom.xml) with
 * {@code -Xbatch}: each compilation completes before the code runs on, instead of depending on how
 * fast a background compiler thread gets a core. A failure is retried once; an allocation in the
 * step itself fails both tries. Kept in the unit suite rather than the benchmarks so that every
 * build checks it.
 */
@Tag("allocation")
class SteadyStateAllocationTest {
    private static final int SCALE = 100;
    private static final int WARMUP = 3000;
    private static final int CALLS = 200;
    private static final int ATTEMPTS = 8;

    static Stream<Arguments> registeredConfigurations() {
        List<Arguments> out = new ArrayList<>();
        for (Component<Transform> info : OptimizerRegistry.all()) {
            OptimizerTable.Spec spec = OptimizerTable.SPECS.get(info.name());
            List<Map<String, Object>> configs = new ArrayList<>();
            if (info.params().stream().noneMatch(dev.curvature.optim.registry.Param::required)) {
                configs.add(Map.of()); // the defaults, where every parameter has one
            }
            if (spec != null) {
                configs.addAll(spec.stepConfigs());
                configs.add(spec.converge());
            }
            for (Map<String, Object> c : configs) {
                for (DType d : DType.values()) {
                    out.add(Arguments.of(info.name(), c, d));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("registeredConfigurations")
    void registeredOptimizerStepAllocatesNothing(String name, Map<String, Object> config, DType dtype) {
        assertNoAllocation(name + " " + config, OptimizerRegistry.get(name).create(config), dtype);
    }

    static Stream<Arguments> namedOptimizers() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : DType.values()) {
            out.add(Arguments.of("sgd-momentum", Optimizers.sgd(Schedules.constant(0.01), Schedules.constant(0.9),
                    false, 0, Schedules.constant(0)), d));
            out.add(Arguments.of("adam", Optimizers.adam(Schedules.constant(1e-3), 0.9, 0.999, 1e-8,
                    Schedules.constant(0)), d));
            out.add(Arguments.of("adamw", Optimizers.adamw(Schedules.constant(1e-3), 0.9, 0.999, 1e-8,
                    Schedules.constant(0.01)), d));
            out.add(Arguments.of("adamw-warmup-cosine", Optimizers.adamw(
                    new Schedules.WarmupCosine(0, 1e-3, 100, 100_000, 1e-5), 0.9, 0.999, 1e-8,
                    Schedules.constant(0.01)), d));
            out.add(Arguments.of("clipped-routed", Transforms.chain(
                    Transforms.clipByGlobalNorm(1.0),
                    Transforms.clipByValue(0.5),
                    Transforms.route(Map.of(
                            Label.MATRIX, Transforms.scaleByAdam(0.9, 0.999, 1e-8),
                            Label.VECTOR, Transforms.trace(0.9, true)), Transforms.scaleBySign()),
                    Transforms.scale(0.5),
                    Transforms.scaleByLearningRate(new Schedules.H0H1Warmup(1, 1))), d));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("namedOptimizers")
    void namedOptimizerStepAllocatesNothing(String name, Transform opt, DType dtype) {
        assertNoAllocation(name, opt, dtype);
    }

    @Test
    void gradientOfTheTestProblemAllocatesNothing() {
        TestQuadratic q = new TestQuadratic(DType.F32, SCALE);
        var x = q.initialPoint(null);
        var g = x.zerosLike();
        assertEquals(0, Allocations.steadyState(() -> q.valueAndGradient(x, g), WARMUP, CALLS, ATTEMPTS));
    }

    @Test
    void runLoopStepAllocatesNothingBetweenRecordedRows() {
        for (DType d : DType.values()) {
            TestQuadratic q = new TestQuadratic(d, SCALE);
            Run run = Run.on(q, Optimizers.adamw(Schedules.constant(1e-4), 0.9, 0.999, 1e-8, Schedules.constant(0.01)))
                    .stop(StoppingRule.maxSteps(Long.MAX_VALUE), StoppingRule.gradNorm(0),
                            StoppingRule.lossBelow(Double.NEGATIVE_INFINITY))
                    .recordEvery(1 << 30)
                    .build();
            long bytes = Allocations.steadyState(run::step, WARMUP, CALLS, ATTEMPTS);
            assertEquals(0, bytes, "Run.step on " + d + " allocated " + bytes + " bytes in " + CALLS + " steps");
        }
    }

    private static void assertNoAllocation(String what, Transform opt, DType dtype) {
        Stepper s = new Stepper(new TestQuadratic(dtype, SCALE), opt, null);
        long bytes = Allocations.steadyState(s::step, WARMUP, CALLS, ATTEMPTS);
        assertEquals(0, bytes, what + " " + dtype + ": " + bytes + " bytes allocated in " + CALLS
                + " steady-state steps (" + (double) bytes / CALLS + " per step)");
    }
}
