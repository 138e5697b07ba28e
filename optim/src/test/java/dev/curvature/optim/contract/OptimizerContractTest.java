package dev.curvature.optim.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Transform;
import dev.curvature.optim.contract.OptimizerTable.Hp;
import dev.curvature.optim.contract.OptimizerTable.Invalid;
import dev.curvature.optim.contract.OptimizerTable.Reference;
import dev.curvature.optim.contract.OptimizerTable.Shape;
import dev.curvature.optim.contract.OptimizerTable.Spec;
import dev.curvature.optim.contract.OptimizerTable.WarmupCosineLr;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.testing.Stepper;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every registered optimizer must meet, for float32 and float64 parameters: it
 * converges on a strongly convex quadratic, its first ten steps equal an independent scalar
 * reference implementation of its published update rule (on a wide matrix block with a constant
 * learning rate, and on a tall one with a scheduled learning rate), a snapshot restored into a new
 * instance from the registry continues bitwise equal to the uninterrupted run, and invalid
 * hyperparameters are rejected with an exact message. The per-optimizer facts live in
 * {@link OptimizerTable}; a registered optimizer without an entry fails.
 */
class OptimizerContractTest {

    /**
     * Where the steps are compared: the matrix block's shape, and whether the learning rates
     * ({@code lr}, {@code adam_lr}) the registry accepts as schedules are given one.
     */
    enum Layout {
        /** A 3×4 W, constant learning rates. */
        WIDE_CONSTANT_LR(Shape.WIDE, false),
        /**
         * A 7×3 W: orientation and aspect-ratio factors differ from the wide case (max(1, A/B) &gt; 1,
         * max(A, B) is the row count). Learning rates warm up and decay within the ten steps.
         */
        TALL_SCHEDULED_LR(Shape.TALL, true);

        final Shape shape;
        final boolean scheduled;

        Layout(Shape shape, boolean scheduled) {
            this.shape = shape;
            this.scheduled = scheduled;
        }

        TestQuadratic problem(DType dtype) {
            return new TestQuadratic(dtype, shape.rows(), shape.cols());
        }

        /**
         * The step configuration on this layout: with schedules, each numeric learning rate η the
         * registry takes as a schedule becomes warm-up from 0.2η to η over 3 updates, then a
         * cosine to 0.1η at update 9, so the ten steps see every phase.
         */
        Map<String, Object> config(String optimizer, Map<String, Object> base) {
            if (!scheduled) {
                return base;
            }
            Component<Transform> info = OptimizerRegistry.get(optimizer);
            Map<String, Object> out = new LinkedHashMap<>(base);
            for (String key : List.of("lr", "adam_lr")) {
                if (info.paramNames().contains(key) && info.param(key).kind() == Param.Kind.SCHEDULE
                        && base.get(key) instanceof Number n) {
                    double peak = n.doubleValue();
                    out.put(key, new WarmupCosineLr(0.2 * peak, peak, 3, 9, 0.1 * peak));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return shape.rows() + "×" + shape.cols() + (scheduled ? " scheduled lr" : " constant lr");
        }
    }

    /** The configuration as a spec gives it to the registry: each hand-written rate as the registered schedule. */
    private static Map<String, Object> registryConfig(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>(config);
        out.replaceAll((k, v) -> v instanceof WarmupCosineLr s
                ? Registries.standard().schedules().get("warmup_cosine").create(s.config()) : v);
        return out;
    }

    private static Transform create(String name, Map<String, Object> config) {
        return OptimizerRegistry.get(name).create(registryConfig(config));
    }

    static Stream<Arguments> optimizersAndDtypes() {
        List<Arguments> out = new ArrayList<>();
        for (Component<Transform> info : OptimizerRegistry.all()) {
            for (DType d : DType.values()) {
                out.add(Arguments.of(info.name(), d));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> optimizersDtypesAndLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (Component<Transform> info : OptimizerRegistry.all()) {
            for (DType d : DType.values()) {
                for (Layout l : Layout.values()) {
                    out.add(Arguments.of(info.name(), d, l));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> optimizersAndLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (Component<Transform> info : OptimizerRegistry.all()) {
            for (Layout l : Layout.values()) {
                out.add(Arguments.of(info.name(), l));
            }
        }
        return out.stream();
    }

    static Stream<String> optimizers() {
        return OptimizerRegistry.all().stream().map(Component::name);
    }

    private static Spec spec(String name) {
        Spec s = OptimizerTable.SPECS.get(name);
        if (s == null) {
            fail("optimizer '" + name + "' is registered but has no entry in OptimizerTable: add its converging "
                    + "hyperparameters, reference update rule and invalid cases");
        }
        return s;
    }

    /** Steps compared with the reference, and the length of the restored run. */
    private static final int STEPS = 10;
    /** Step after which the restore test snapshots. */
    private static final int RESTORE_AT = 4;

    /**
     * Relative tolerance of the comparison with the double-precision reference over {@link #STEPS}
     * steps. float32: each step rounds the gradient, the update and the new point to float32
     * (about 2 units of roundoff u = 2⁻²⁴ relative to max(1, |x|)), and carries the earlier error
     * through its own map, whose slope on these iterates is at most 2 (the clipped and sign steps
     * overshoot), so 16·STEPS·u. float64: the references compute in another order (the spectral
     * ones take the polar factor from a converged cubic iteration), a few hundred roundoffs of
     * 2⁻⁵³ at most on these well-conditioned blocks.
     */
    private static double tolerance(DType d) {
        return d == DType.F32 ? 16 * STEPS * 0x1p-24 : 1e-12;
    }

    @Test
    void everyRegisteredOptimizerHasATableEntry() {
        TreeSet<String> missing = new TreeSet<>();
        for (Component<Transform> info : OptimizerRegistry.all()) {
            if (!OptimizerTable.SPECS.containsKey(info.name())) {
                missing.add(info.name());
            }
        }
        assertTrue(missing.isEmpty(), "registered optimizers without a contract table entry: " + missing);
        assertTrue(OptimizerRegistry.all().size() >= 10, "the built-in optimizers are registered");
    }

    @Test
    void everyTableEntryIsRegistered() {
        for (String name : OptimizerTable.SPECS.keySet()) {
            assertEquals(name, OptimizerRegistry.get(name).name());
        }
    }

    /** The scheduled layout would silently run constant rates if a learning rate stopped accepting schedules. */
    @Test
    void scheduledLayoutSchedulesTheLearningRateOfEveryOptimizerExceptTheSaddleMethods() {
        TreeSet<String> constant = new TreeSet<>();
        for (Component<Transform> info : OptimizerRegistry.all()) {
            Map<String, Object> c = Layout.TALL_SCHEDULED_LR.config(info.name(), spec(info.name()).stepConfigs().get(0));
            if (!(c.get("lr") instanceof WarmupCosineLr)) {
                constant.add(info.name());
            }
        }
        assertEquals(new TreeSet<>(List.of("p_gd", "perturbed_gd_du", "perturbed_p_gd", "pgd")), constant,
                "optimizers whose step size is a number (or auto), not a schedule");
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void registryListsTheDocumentedDefaults(String name) {
        assertEquals(spec(name).defaults(), OptimizerRegistry.get(name).defaults());
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void tableConfigurationsAreCompleteAndBuild(String name) {
        Spec s = spec(name);
        Component<Transform> info = OptimizerRegistry.get(name);
        assertTrue(s.stepConfigs().size() >= 2, name + ": at least two step configurations");
        for (Map<String, Object> c : s.stepConfigs()) {
            assertEquals(List.copyOf(info.paramNames()), List.copyOf(c.keySet()),
                    name + ": a step configuration names every key");
            info.create(c);
        }
        info.create(s.converge());
        if (info.params().stream().noneMatch(Param::required)) {
            info.create();
        } else {
            assertThrows(RuntimeException.class, info::create, name + ": a required parameter has no default");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizersAndDtypes")
    void convergesOnStronglyConvexQuadratic(String name, DType dtype) {
        Spec s = spec(name);
        TestQuadratic q = new TestQuadratic(dtype);
        Transform opt = OptimizerRegistry.get(name).create(s.converge());
        RunResult r = Run.on(q, opt).stop(StoppingRule.maxSteps(s.convergeSteps())).recordEvery(50).run();
        assertEquals("max_steps", r.stopReason());
        assertEquals(s.convergeSteps(), r.steps());
        double dist = q.distanceToOptimum(r.x());
        double start = q.distanceToOptimum(q.initialPoint(null));
        assertTrue(dist <= s.convergeTol(), name + " " + dtype + ": ‖x − x*‖ = " + dist + " after "
                + s.convergeSteps() + " steps from " + start + ", expected ≤ " + s.convergeTol());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("optimizersDtypesAndLayouts")
    void firstTenStepsMatchTheReferenceFormulas(String name, DType dtype, Layout layout) {
        Spec s = spec(name);
        for (Map<String, Object> base : s.stepConfigs()) {
            Map<String, Object> config = layout.config(name, base);
            checkFirstSteps(name, config, s.reference().apply(new Hp(config, layout.shape)), layout, dtype, null,
                    tolerance(dtype));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizersAndLayouts")
    void float32ParametersWithFloat64StateMatchTheReference(String name, Layout layout) {
        Spec s = spec(name);
        for (Map<String, Object> base : s.stepConfigs()) {
            Map<String, Object> config = layout.config(name, base);
            checkFirstSteps(name, config, s.reference().apply(new Hp(config, layout.shape)), layout, DType.F32,
                    DType.F64, tolerance(DType.F32));
        }
    }

    private static void checkFirstSteps(String name, Map<String, Object> config, Reference ref, Layout layout,
                                        DType dtype, DType stateDType, double rtol) {
        TestQuadratic q = layout.problem(dtype);
        Stepper lib = new Stepper(q, create(name, config), stateDType);
        double[] x = new double[q.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = TestQuadratic.start(k);
        }
        double[] g = new double[x.length];
        for (int step = 0; step < STEPS; step++) {
            lib.step();
            TestQuadratic.gradient(x, g);
            ref.step(step, x, g);
            double[] got = TestQuadratic.flatten(lib.x);
            for (int k = 0; k < x.length; k++) {
                double err = Math.abs(got[k] - x[k]);
                if (!(err <= rtol * Math.max(1.0, Math.abs(x[k])))) {
                    fail(name + " " + config + " " + layout + " " + dtype
                            + (stateDType == null ? "" : " state " + stateDType)
                            + ": step " + step + ", element " + k + ": got " + got[k] + ", reference " + x[k]
                            + " (error " + err + ")");
                }
            }
            if (step == 0) {
                // The step must actually move: a no-op optimizer would match a no-op reference.
                assertNotEquals(TestQuadratic.start(0), got[0], name + " " + config + ": the first step moved x");
            }
        }
    }

    /**
     * Snapshot after {@link #RESTORE_AT} steps, restore into a new optimizer built from the registry
     * with the same configuration, continue to step {@link #STEPS}: bitwise equal to the
     * uninterrupted run. A new instance, not the same one, so that state kept in a transform's
     * fields rather than in {@code State} is lost and the run diverges.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("optimizersDtypesAndLayouts")
    void restoreIntoAFreshRegistryInstanceContinuesBitwiseEqual(String name, DType dtype, Layout layout) {
        for (Map<String, Object> base : spec(name).stepConfigs()) {
            Map<String, Object> config = layout.config(name, base);
            TestQuadratic q = layout.problem(dtype);
            Stepper a = new Stepper(q, create(name, config), null);
            a.steps(RESTORE_AT);
            byte[] snapshot = a.state.snapshot();
            Blocks saved = a.x.copy();
            long[][] expected = new long[STEPS - RESTORE_AT][];
            for (int i = 0; i < expected.length; i++) {
                a.step();
                expected[i] = TestQuadratic.rawBits(a.x);
            }
            byte[] expectedState = a.state.snapshot();

            // A fresh process: a new optimizer from the registry, new parameters and a freshly initialised state.
            Transform fresh = create(name, config);
            assertNotSame(a.optimizer, fresh);
            Stepper b = new Stepper(q, fresh, q.initialPoint(null), null);
            b.state.restore(snapshot);
            b.x.assign(saved);
            b.t = RESTORE_AT;
            for (int i = 0; i < expected.length; i++) {
                b.step();
                assertArrayEquals(expected[i], TestQuadratic.rawBits(b.x),
                        name + " " + config + " " + layout + " " + dtype + ": step " + (RESTORE_AT + i) + " after restore");
            }
            assertArrayEquals(expectedState, b.state.snapshot(), name + ": optimizer state after restore");
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void rejectsInvalidHyperparametersWithTheExpectedMessage(String name) {
        Spec s = spec(name);
        assertTrue(!s.invalid().isEmpty(), name + ": at least one invalid case");
        Component<Transform> info = OptimizerRegistry.get(name);
        for (Invalid c : s.invalid()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> info.create(c.overrides()),
                    name + " " + c.overrides() + " must be rejected");
            assertEquals(c.message(), e.getMessage(), name + " " + c.overrides());
        }
    }
}
