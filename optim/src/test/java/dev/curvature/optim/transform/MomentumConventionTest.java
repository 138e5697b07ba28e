package dev.curvature.optim.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.transform.Momentum.Convention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three momentum conventions, named after the libraries they follow: optax {@code trace}
 * (TRACE), {@code torch.optim.SGD} (TORCH) and the exponential moving average (EMA), with and
 * without Nesterov, against numbers computed by hand for the 1-D gradient sequence 1, 2, −1, 0.5
 * with β = 0.9.
 */
class MomentumConventionTest {
    private static final double[] G = {1, 2, -1, 0.5};
    private static final double BETA = 0.9;

    /** The outputs u_1..u_4 of a momentum transform fed G one element at a time. */
    private static double[] outputs(Transform m) {
        Tensor x = Tensor.zeros(DType.F64, 1);
        Blocks params = Blocks.single(x);
        State s = m.init(params);
        StepContext ctx = new StepContext(null, null);
        double[] u = new double[G.length];
        for (int t = 0; t < G.length; t++) {
            Blocks g = Blocks.single(Tensor.vector(G[t]));
            ctx.begin(t, Double.NaN, params);
            m.update(g, s, ctx);
            u[t] = g.tensor(0).get(0);
        }
        return u;
    }

    private static Momentum momentum(Convention c, boolean nesterov, double dampening) {
        return new Momentum(Schedules.constant(BETA), nesterov, c, dampening);
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertArrayEquals(expected, actual, 1e-15);
    }

    @Test
    void traceIsOptaxTrace() {
        // b ← βb + g: 1, 0.9 + 2 = 2.9, 2.61 − 1 = 1.61, 1.449 + 0.5 = 1.949; u = b.
        assertClose(new double[] {1, 2.9, 1.61, 1.949}, outputs(momentum(Convention.TRACE, false, 0)));
    }

    @Test
    void traceNesterovIsGPlusBetaB() {
        // u = g + βb with the new b: 1 + 0.9, 2 + 2.61, −1 + 1.449, 0.5 + 1.7541.
        assertClose(new double[] {1.9, 4.61, 0.449, 2.2541}, outputs(momentum(Convention.TRACE, true, 0)));
    }

    @Test
    void torchWithoutDampeningIsTrace() {
        assertClose(new double[] {1, 2.9, 1.61, 1.949}, outputs(momentum(Convention.TORCH, false, 0)));
        assertClose(new double[] {1.9, 4.61, 0.449, 2.2541}, outputs(momentum(Convention.TORCH, true, 0)));
    }

    @Test
    void torchDampensEveryGradientButTheFirst() {
        // b ← g first (no dampening), then b ← βb + (1 − d)g with d = 0.5:
        // 1, 0.9 + 1 = 1.9, 1.71 − 0.5 = 1.21, 1.089 + 0.25 = 1.339.
        assertClose(new double[] {1, 1.9, 1.21, 1.339}, outputs(momentum(Convention.TORCH, false, 0.5)));
        // Dampening 1 ignores all gradients after the first: b = β^{t−1}·g_1.
        assertClose(new double[] {1, 0.9, 0.81, 0.729}, outputs(momentum(Convention.TORCH, false, 1.0)));
    }

    @Test
    void emaIsAMovingAverage() {
        // b ← βb + (1 − β)g: 0.1, 0.09 + 0.2 = 0.29, 0.261 − 0.1 = 0.161, 0.1449 + 0.05 = 0.1949.
        assertClose(new double[] {0.1, 0.29, 0.161, 0.1949}, outputs(momentum(Convention.EMA, false, 0)));
    }

    @Test
    void emaNesterovInterpolatesGradientAndAverage() {
        // u = (1 − β)g + βb: 0.1 + 0.09, 0.2 + 0.261, −0.1 + 0.1449, 0.05 + 0.17541.
        assertClose(new double[] {0.19, 0.461, 0.0449, 0.22541}, outputs(momentum(Convention.EMA, true, 0)));
    }

    /** Random multi-block gradient sequences, for the step-for-step identities between conventions. */
    private static double[][] run(Transform m, DType d, int steps) {
        RandomStream rng = RandomStream.of(42);
        Blocks params = Blocks.builder().add("v", Tensor.zeros(d, 7)).add("M", Tensor.zeros(d, 3, 5)).build();
        State s = m.init(params);
        StepContext ctx = new StepContext(null, null);
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            Blocks g = params.zerosLike();
            for (int i = 0; i < g.count(); i++) {
                rng.fillNormal(g.tensor(i), 0, 1);
            }
            ctx.begin(t, Double.NaN, params);
            m.update(g, s, ctx);
            out[t] = flatten(g);
        }
        return out;
    }

    private static double[] flatten(Blocks b) {
        double[] v = new double[(int) b.size()];
        int k = 0;
        for (int i = 0; i < b.count(); i++) {
            for (int j = 0; j < b.tensor(i).size(); j++) {
                v[k++] = b.tensor(i).getFlat(j);
            }
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void torchWithoutDampeningEqualsTraceStepForStepBitwise(DType d) {
        for (boolean nesterov : new boolean[] {false, true}) {
            double[][] trace = run(momentum(Convention.TRACE, nesterov, 0), d, 20);
            double[][] torch = run(momentum(Convention.TORCH, nesterov, 0), d, 20);
            for (int t = 0; t < trace.length; t++) {
                assertArrayEquals(trace[t], torch[t], 0.0, "step " + t + " nesterov " + nesterov);
            }
        }
    }

    @Test
    void torchWithDampeningDiffersFromTraceExactlyByTheDampenedSum() {
        // TRACE: b_t = Σ_{k≤t} β^{t−k} g_k. TORCH with dampening d: b_t = β^{t−1} g_1 + (1 − d) Σ_{2≤k≤t} β^{t−k} g_k.
        // Hence TORCH − TRACE = −d·(b_t^TRACE − β^{t−1} g_1).
        double d = 0.3;
        double[][] trace = run(momentum(Convention.TRACE, false, 0), DType.F64, 12);
        double[][] torch = run(momentum(Convention.TORCH, false, d), DType.F64, 12);
        double[][] first = run(momentum(Convention.TRACE, false, 0), DType.F64, 1);
        for (int t = 0; t < trace.length; t++) {
            for (int i = 0; i < trace[t].length; i++) {
                double expected = trace[t][i] - d * (trace[t][i] - Math.pow(BETA, t) * first[0][i]);
                assertEquals(expected, torch[t][i], 1e-13, "step " + t + ", element " + i);
            }
        }
    }

    @Test
    void emaIsOneMinusBetaTimesTrace() {
        double[][] trace = run(momentum(Convention.TRACE, false, 0), DType.F64, 12);
        double[][] ema = run(momentum(Convention.EMA, false, 0), DType.F64, 12);
        for (int t = 0; t < trace.length; t++) {
            for (int i = 0; i < trace[t].length; i++) {
                assertEquals((1 - BETA) * trace[t][i], ema[t][i], 1e-14);
            }
        }
    }

    @Test
    void scheduledBetaIsReadPerUpdateAndLogged() {
        Schedule beta = new Schedules.Piecewise(new long[] {0, 2}, new double[] {0.5, 0.0}, false);
        Momentum m = new Momentum(beta, false, Convention.TRACE, 0);
        Tensor x = Tensor.zeros(DType.F64, 1);
        Blocks params = Blocks.single(x);
        State s = m.init(params);
        StepContext ctx = new StepContext(null, null);
        double[] expected = {1, 2.5, -1, 0.5}; // β = 0.5, 0.5, 0, 0
        for (int t = 0; t < G.length; t++) {
            Blocks g = Blocks.single(Tensor.vector(G[t]));
            ctx.begin(t, Double.NaN, params);
            m.update(g, s, ctx);
            assertEquals(expected[t], g.tensor(0).get(0), 1e-15);
            assertEquals(t < 2 ? 0.5 : 0.0, ctx.metrics().get("momentum")[0]);
        }
    }

    @Test
    void invalidCombinationsAreRejected() {
        assertEquals("momentum: dampening = 0.5 is only defined for the TORCH convention",
                assertThrows(IllegalArgumentException.class, () -> momentum(Convention.TRACE, false, 0.5)).getMessage());
        assertEquals("momentum: dampening = 0.5 is only defined for the TORCH convention",
                assertThrows(IllegalArgumentException.class, () -> momentum(Convention.EMA, false, 0.5)).getMessage());
        assertEquals("momentum: nesterov needs dampening = 0, got 0.5",
                assertThrows(IllegalArgumentException.class, () -> momentum(Convention.TORCH, true, 0.5)).getMessage());
        assertEquals("momentum: dampening = -0.1 is outside [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> momentum(Convention.TORCH, false, -0.1)).getMessage());
        assertEquals("momentum: beta = 1.0 is outside [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> new Momentum(Schedules.constant(1.0), false, Convention.EMA, 0)).getMessage());
        assertEquals("momentum: convention must be one of TRACE, TORCH, EMA", assertThrows(
                IllegalArgumentException.class, () -> new Momentum(Schedules.constant(0.9), false, null, 0))
                .getMessage());
    }
}
