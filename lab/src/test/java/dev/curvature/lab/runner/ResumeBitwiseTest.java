package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.testing.Interruptions;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A run interrupted and resumed in new instances built from its spec (problem, optimizer and
 * monitors from the registries, as {@code --resume} builds them) produces bitwise what the
 * uninterrupted run does: every trajectory value, event, the final point and optimizer state.
 *
 * <p>The matrix: every registered optimizer on a mini-batch model (an MLP on the shipped digits,
 * whose batch order is problem state) with the stateful monitors {@code secant_smoothness},
 * {@code smoothness_batch}, {@code update_rms} and {@code update_spectrum}; and the perturbed
 * methods, whose random stream draws a perturbation every few steps, on a strict saddle. Each
 * case is interrupted twice, at steps drawn from a generator seeded by the case's name.
 */
class ResumeBitwiseTest {
    static final int STEPS = 24;

    /** Values for parameters without a default (a new required parameter fails here, by name). */
    static final Map<String, Object> REQUIRED = Map.of("lr", 0.01, "ell", 1.0);
    /** f(x₀) − f* for the perturbed methods, whose automatic value needs an f* the model does not know. */
    static final String DELTA_F = "delta_f";

    static final String MODEL = """
            problem: {name: mlp, dataset: digits, hidden: [6], batch: 8, seed: 3, dtype: f64}
            stop: {max_steps: %d}
            run: {record_every: 1, non_finite: skip, max_skips: 1000}
            monitors:
              - {name: secant_smoothness, every: 3}
              - {name: smoothness_batch, interval: 4, every: 1}
              - {name: update_rms, every: 4}
              - {name: update_spectrum, top: 2, every: 5}
            """.formatted(STEPS);

    /** Perturbations every 3 steps near the saddle at 0 (gradient thresholds far above ‖∇f‖ there). */
    static final String SADDLE = """
            problem: {name: strict_saddle, d: 6, n_neg: 2, lambda_neg: -0.5, lambda_pos_min: 0.5, lambda_pos_max: 1.0, mu: 1.0, init_radius: 0.01, dtype: f64}
            optimizers:
              pgd: {name: pgd, ell: 1.5, rho: 5.0, eps: 1.0e-3, g_thres: 100, t_thres: 3, radius: 0.05, f_thres: -1.0e9}
              du: {name: perturbed_gd_du, lr: 0.1, radius: 0.05, g_thres: 100, t_thres: 3}
              ppgd: {name: perturbed_p_gd, kernel: cosh, interval: 3, tolerance: 100, radius: 0.05, f_thres: -1.0e9}
            stop: {max_steps: %d}
            run: {record_every: 1}
            monitors:
              - {name: secant_smoothness, every: 2}
              - {name: update_rms, every: 3}
            """.formatted(STEPS);

    /** A column of each stateful monitor of {@link #MODEL}, which must have values to compare. */
    static final List<String> MONITOR_COLUMNS = List.of("smoothness_secant", "smoothness_batch", "update_rms",
            "update_sv_max");

    @TestFactory
    Stream<DynamicTest> everyOptimizerOnAMiniBatchModelWithStatefulMonitorsResumesBitwise() {
        StringBuilder yaml = new StringBuilder("name: resume-model\nseed: 5\noptimizers:\n");
        for (String name : optimizerNames()) {
            yaml.append("  ").append(name).append(": {name: ").append(name).append(required(name)).append("}\n");
        }
        return cases(ExperimentSpec.parse(yaml + MODEL, "resume-model.yaml"));
    }

    @TestFactory
    Stream<DynamicTest> perturbedMethodsResumeTheirRandomStreamBitwise() {
        List<RunPlan> plans = Runner.plan(ExperimentSpec.parse("name: resume-saddle\nseed: 9\n" + SADDLE,
                "resume-saddle.yaml"));
        return plans.stream().map(p -> DynamicTest.dynamicTest(p.optimizer(), () -> {
            Interruptions.Produced straight = Interruptions.uninterrupted(() -> Runner.builder(p));
            assertTrue(straight.events().stream().filter(e -> e.contains("perturb")).count() >= 3,
                    "the case draws several perturbations: " + straight.events());
            check(p, straight);
        }));
    }

    @Test
    void resumedRunWithSecantMonitorIsBitwiseEqualToUninterruptedRun() {
        // The measured defect, small: SGD on mini-batches, secant_smoothness every 10 steps, a
        // checkpoint between two measurements; the first measurement after it needs the previous one.
        RunPlan p = Runner.plan(ExperimentSpec.parse("""
                name: secant-resume
                seed: 1
                problem: {name: mlp, dataset: digits, hidden: [16], batch: 32, seed: 2, dtype: f64}
                optimizers:
                  sgd: {name: sgd, lr: 0.1}
                stop: {max_steps: 60}
                run: {record_every: 5}
                monitors:
                  - {name: secant_smoothness, every: 10}
                """, "secant-resume.yaml")).getFirst();
        Interruptions.Produced straight = Interruptions.uninterrupted(() -> Runner.builder(p));
        assertTrue(straight.rows().stream().anyMatch(r -> r.startsWith("30|smoothness_secant|")),
                "the uninterrupted run has a (non-NaN) smoothness_secant at step 30");
        Interruptions.Produced resumed = Interruptions.interrupted(() -> Runner.builder(p), 27);
        Interruptions.assertSame(straight, resumed, "resumed at step 27");
    }

    private static Stream<DynamicTest> cases(ExperimentSpec spec) {
        return Runner.plan(spec).stream().map(p -> DynamicTest.dynamicTest(p.optimizer(), () -> {
            Interruptions.Produced straight = Interruptions.uninterrupted(() -> Runner.builder(p));
            for (String column : MONITOR_COLUMNS) {
                assertTrue(straight.rows().stream().anyMatch(r -> r.contains("|" + column + "|")),
                        p.optimizer() + ": the uninterrupted run measures " + column);
            }
            check(p, straight);
        }));
    }

    /** Interrupts the case twice at steps drawn from a generator seeded by its name, and compares. */
    private static void check(RunPlan p, Interruptions.Produced straight) {
        SplittableRandom rng = new SplittableRandom(p.optimizer().hashCode());
        long first = 1 + rng.nextInt(STEPS / 2);
        long second = first + 1 + rng.nextInt(STEPS - 1 - (int) first);
        Interruptions.Produced resumed = Interruptions.interrupted(() -> Runner.builder(p), first, second);
        Interruptions.assertSame(straight, resumed, p.optimizer() + " interrupted at steps " + first + " and "
                + second);
    }

    private static List<String> optimizerNames() {
        List<String> names = new ArrayList<>(Registries.standard().optimizers().names());
        assertFalse(names.isEmpty());
        return names;
    }

    /** The overrides for the parameters of {@code optimizer} that have no default, and Δ_f. */
    private static String required(String optimizer) {
        Component<Transform> c = Registries.standard().optimizers().get(optimizer);
        StringBuilder s = new StringBuilder();
        for (Param param : c.params()) {
            if (param.required()) {
                Object v = REQUIRED.get(param.name());
                assertTrue(v != null, optimizer + ": required parameter " + param.name() + " has no test value");
                s.append(", ").append(param.name()).append(": ").append(v);
            } else if (param.name().equals(DELTA_F)) {
                s.append(", ").append(DELTA_F).append(": 10.0");
            }
        }
        return s.toString();
    }
}
