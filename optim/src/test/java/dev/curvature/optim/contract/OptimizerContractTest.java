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
import dev.curvature.optim.contract.OptimizerTable.Spec;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.testing.Stepper;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.ArrayList;
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
 * reference implementation of its published update rule, a snapshot restored into a new instance
 * from the registry continues bitwise equal to the uninterrupted run, and invalid hyperparameters are rejected with an exact message. The
 * per-optimizer facts live in {@link OptimizerTable}; a registered optimizer without an entry fails.
 */
class OptimizerContractTest {

    static Stream<Arguments> optimizersAndDtypes() {
        List<Arguments> out = new ArrayList<>();
        for (Component<Transform> info : OptimizerRegistry.all()) {
            for (DType d : DType.values()) {
                out.add(Arguments.of(info.name(), d));
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
            assertEquals(info.defaults().keySet(), c.keySet(), name + ": a step configuration names every key");
            info.create(c);
        }
        info.create(s.converge());
        info.create();
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

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizersAndDtypes")
    void firstTenStepsMatchTheReferenceFormulas(String name, DType dtype) {
        Spec s = spec(name);
        for (Map<String, Object> config : s.stepConfigs()) {
            checkFirstSteps(name, config, s.reference().apply(new Hp(config)), dtype, null, tolerance(dtype));
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void float32ParametersWithFloat64StateMatchTheReference(String name) {
        Spec s = spec(name);
        for (Map<String, Object> config : s.stepConfigs()) {
            checkFirstSteps(name, config, s.reference().apply(new Hp(config)), DType.F32, DType.F64,
                    tolerance(DType.F32));
        }
    }

    private static void checkFirstSteps(String name, Map<String, Object> config, Reference ref, DType dtype,
                                        DType stateDType, double rtol) {
        TestQuadratic q = new TestQuadratic(dtype);
        Stepper lib = new Stepper(q, OptimizerRegistry.get(name).create(config), stateDType);
        double[] x = new double[TestQuadratic.N];
        for (int k = 0; k < x.length; k++) {
            x[k] = TestQuadratic.start(k);
        }
        double[] g = new double[x.length];
        for (int step = 0; step < STEPS; step++) {
            lib.step();
            TestQuadratic.gradient(x, g);
            ref.step(x, g);
            double[] got = TestQuadratic.flatten(lib.x);
            for (int k = 0; k < x.length; k++) {
                double err = Math.abs(got[k] - x[k]);
                if (!(err <= rtol * Math.max(1.0, Math.abs(x[k])))) {
                    fail(name + " " + config + " " + dtype + (stateDType == null ? "" : " state " + stateDType)
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
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizersAndDtypes")
    void restoreIntoAFreshRegistryInstanceContinuesBitwiseEqual(String name, DType dtype) {
        for (Map<String, Object> config : spec(name).stepConfigs()) {
            TestQuadratic q = new TestQuadratic(dtype);
            Stepper a = new Stepper(q, OptimizerRegistry.get(name).create(config), null);
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
            Transform fresh = OptimizerRegistry.get(name).create(config);
            assertNotSame(a.optimizer, fresh);
            Stepper b = new Stepper(q, fresh, q.initialPoint(null), null);
            b.state.restore(snapshot);
            b.x.assign(saved);
            b.t = RESTORE_AT;
            for (int i = 0; i < expected.length; i++) {
                b.step();
                assertArrayEquals(expected[i], TestQuadratic.rawBits(b.x),
                        name + " " + config + " " + dtype + ": step " + (RESTORE_AT + i) + " after restore");
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
