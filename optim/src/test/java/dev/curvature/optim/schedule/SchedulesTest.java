package dev.curvature.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Problem;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.contrib.ScheduleRegistry;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.run.Trajectory;
import dev.curvature.optim.schedule.Schedules.DecayShape;
import dev.curvature.optim.testing.FaultyProblem;
import dev.curvature.optim.testing.Stepper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every schedule at chosen steps, boundaries included, against hand-computed values; validation messages. */
class SchedulesTest {
    private static final double EPS = 1e-15;

    private static void check(Schedule s, long count, double expected) {
        assertEquals(expected, s.value(count, null), EPS * Math.max(1, Math.abs(expected)), s + " at " + count);
    }

    private static void rejects(String message, Executable build) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
    }

    @Test
    void constant() {
        Schedule s = Schedules.constant(0.1);
        assertTrue(s.isConstant());
        check(s, 0, 0.1);
        check(s, 1_000_000, 0.1);
        assertEquals("0.1", s.describe());
        rejects("constant schedule: value must be a finite number, got NaN", () -> Schedules.constant(Double.NaN));
    }

    @Test
    void stepDecay() {
        Schedule s = new Schedules.StepDecay(1.0, 10, 0.5);
        assertFalse(s.isConstant());
        check(s, 0, 1);
        check(s, 9, 1);
        check(s, 10, 0.5);
        check(s, 19, 0.5);
        check(s, 20, 0.25);
        check(s, 35, 0.125);
        rejects("step schedule: every = 0 is outside [1, ∞)", () -> new Schedules.StepDecay(1, 0, 0.5));
        rejects("step schedule: gamma = 0.0 is outside (0, ∞)", () -> new Schedules.StepDecay(1, 10, 0));
    }

    @Test
    void exponential() {
        Schedule s = new Schedules.Exponential(1.0, 0.5, 10, 0, false, Double.NaN);
        check(s, 0, 1);
        check(s, 5, Math.sqrt(0.5));
        check(s, 10, 0.5);
        check(s, 30, 0.125);
        Schedule stair = new Schedules.Exponential(1.0, 0.5, 10, 0, true, Double.NaN);
        check(stair, 9, 1);
        check(stair, 10, 0.5);
        check(stair, 19, 0.5);
        Schedule delayed = new Schedules.Exponential(2.0, 0.5, 10, 5, false, Double.NaN);
        check(delayed, 0, 2);
        check(delayed, 5, 2);
        check(delayed, 15, 1);
        Schedule floored = new Schedules.Exponential(1.0, 0.5, 1, 0, false, 0.3);
        check(floored, 1, 0.5);
        check(floored, 2, 0.3);
        check(floored, 100, 0.3);
        Schedule growing = new Schedules.Exponential(1.0, 2.0, 1, 0, false, 5.0);
        check(growing, 2, 4);
        check(growing, 3, 5);
        rejects("exponential schedule: rate = -0.5 is outside (0, ∞)",
                () -> new Schedules.Exponential(1, -0.5, 10, 0, false, Double.NaN));
        rejects("exponential schedule: transition = 0 is outside [1, ∞)",
                () -> new Schedules.Exponential(1, 0.5, 0, 0, false, Double.NaN));
        rejects("exponential schedule: delay = -1 is outside [0, ∞)",
                () -> new Schedules.Exponential(1, 0.5, 1, -1, false, Double.NaN));
    }

    @Test
    void linearWarmup() {
        Schedule s = new Schedules.LinearWarmup(0.0, 1.0, 10);
        check(s, 0, 0);
        check(s, 1, 0.1);
        check(s, 5, 0.5);
        check(s, 9, 0.9);
        check(s, 10, 1);
        check(s, 1000, 1);
        Schedule from = new Schedules.LinearWarmup(0.1, 1.0, 4);
        check(from, 2, 0.55);
        Schedule none = new Schedules.LinearWarmup(0.1, 1.0, 0);
        check(none, 0, 1);
        rejects("linear warm-up: peak must be a finite number, got NaN", () -> new Schedules.LinearWarmup(0, Double.NaN, 1));
        rejects("linear warm-up: warmup = -1 is outside [0, ∞)", () -> new Schedules.LinearWarmup(0, 1, -1));
    }

    @Test
    void cosineWithWarmup() {
        // Linear 0 → 1 over 10 steps, then cosine from 1 down to 0.1 over the remaining 100.
        Schedule s = new Schedules.WarmupCosine(0.0, 1.0, 10, 110, 0.1);
        check(s, 0, 0);
        check(s, 5, 0.5);
        check(s, 10, 1);
        check(s, 35, 0.1 + 0.9 * 0.5 * (1 + Math.sqrt(0.5)));
        check(s, 60, 0.55);
        check(s, 109, 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.99)));
        check(s, 110, 0.1);
        check(s, 10_000, 0.1);
        Schedule noWarmup = new Schedules.WarmupCosine(0.0, 2.0, 0, 4, 0.0);
        check(noWarmup, 0, 2);
        check(noWarmup, 1, 1 + Math.sqrt(0.5));
        check(noWarmup, 2, 1);
        rejects("cosine schedule: total = 10 is outside [11, ∞)", () -> new Schedules.WarmupCosine(0, 1, 10, 10, 0));
        rejects("cosine schedule: end must be a finite number, got Infinity",
                () -> new Schedules.WarmupCosine(0, 1, 10, 20, Double.POSITIVE_INFINITY));
    }

    @Test
    void warmupStableDecay() {
        Schedule lin = new Schedules.WarmupStableDecay(1.0, 10, 20, 10, 0.1, DecayShape.LINEAR);
        check(lin, 0, 0);
        check(lin, 5, 0.5);
        check(lin, 10, 1);
        check(lin, 29, 1);
        check(lin, 30, 1);
        check(lin, 32, 0.1 + 0.9 * 0.8);
        check(lin, 35, 0.55);
        check(lin, 39, 0.1 + 0.9 * 0.1);
        check(lin, 40, 0.1);
        check(lin, 1000, 0.1);
        Schedule cos = new Schedules.WarmupStableDecay(1.0, 10, 20, 10, 0.1, DecayShape.COSINE);
        check(cos, 32, 0.1 + 0.9 * 0.5 * (1 + Math.cos(0.2 * Math.PI)));
        check(cos, 35, 0.55);
        Schedule sqrt = new Schedules.WarmupStableDecay(1.0, 10, 20, 10, 0.1, DecayShape.ONE_MINUS_SQRT);
        check(sqrt, 32, 0.1 + 0.9 * (1 - Math.sqrt(0.2)));
        check(sqrt, 30, 1);
        check(sqrt, 40, 0.1);
        rejects("wsd schedule: decay = 0 is outside [1, ∞)",
                () -> new Schedules.WarmupStableDecay(1, 1, 1, 0, 0, DecayShape.LINEAR));
        rejects("wsd schedule: shape must be one of [LINEAR, COSINE, ONE_MINUS_SQRT]",
                () -> new Schedules.WarmupStableDecay(1, 1, 1, 1, 0, null));
    }

    @Test
    void piecewise() {
        long[] steps = {10, 20, 40};
        double[] values = {1, 0.5, 0.1};
        Schedule step = new Schedules.Piecewise(steps, values, false);
        check(step, 0, 1);
        check(step, 10, 1);
        check(step, 19, 1);
        check(step, 20, 0.5);
        check(step, 39, 0.5);
        check(step, 40, 0.1);
        check(step, 1000, 0.1);
        Schedule lin = new Schedules.Piecewise(steps, values, true);
        check(lin, 0, 1);
        check(lin, 15, 0.75);
        check(lin, 20, 0.5);
        check(lin, 30, 0.3);
        check(lin, 40, 0.1);
        // The schedule keeps its own copies.
        steps[0] = 15;
        values[0] = 7;
        check(lin, 0, 1);
        rejects("piecewise schedule: steps must increase strictly, got [10, 10]",
                () -> new Schedules.Piecewise(new long[] {10, 10}, new double[] {1, 2}, false));
        rejects("piecewise schedule: steps and values must be non-empty and of equal length, got 2 and 1",
                () -> new Schedules.Piecewise(new long[] {1, 2}, new double[] {1}, false));
        rejects("piecewise schedule: values[1] must be a finite number, got NaN",
                () -> new Schedules.Piecewise(new long[] {1, 2}, new double[] {1, Double.NaN}, false));
    }

    // ------------------------------------------------------------------ loss-dependent schedules

    /** f(w) = ½w², with an optional f*. */
    private record HalfSquare(OptionalDouble fStar) implements Problem {
        @Override
        public String name() {
            return "half_square";
        }

        @Override
        public Blocks initialPoint(RandomStream rng) {
            return Blocks.single(Tensor.vector(Math.sqrt(2.0)));
        }

        @Override
        public double value(Blocks x) {
            double w = x.tensor(0).get(0);
            return 0.5 * w * w;
        }

        @Override
        public double valueAndGradient(Blocks x, Blocks grad) {
            grad.tensor(0).set(x.tensor(0).get(0), 0);
            return value(x);
        }

        @Override
        public OptionalDouble optimum() {
            return fStar;
        }
    }

    private static StepContext context(OptionalDouble fStar, double loss) {
        HalfSquare p = new HalfSquare(fStar);
        StepContext ctx = new StepContext(p, RandomStream.of(0));
        ctx.begin(0, loss, p.initialPoint(null));
        return ctx;
    }

    @Test
    void h0h1WarmupIsOneOverTenH0PlusTwentyH1Gap() {
        Schedule s = new Schedules.H0H1Warmup(2, 3);
        // η = 1/(10·2 + 20·3·(f − f*)).
        assertEquals(1.0 / 110, s.value(0, context(OptionalDouble.of(0), 1.5)), EPS);
        assertEquals(1.0 / 80, s.value(7, context(OptionalDouble.of(0.5), 1.5)), EPS);
        assertEquals(1.0 / 20, s.value(0, context(OptionalDouble.of(0), 0)), EPS);
        assertEquals(1.0 / 20, s.value(0, context(OptionalDouble.of(1), 0.5)), EPS, "a negative gap counts as 0");
        Schedule general = new Schedules.H0H1Warmup(2, 3, 1, 1);
        assertEquals(1.0 / 6.5, general.value(0, context(OptionalDouble.of(0), 1.5)), EPS);
        rejects("h0h1 warm-up: h0 = 0.0 is outside (0, ∞)", () -> new Schedules.H0H1Warmup(0, 1));
        rejects("h0h1 warm-up: h1 = -1.0 is outside [0, ∞)", () -> new Schedules.H0H1Warmup(1, -1));
    }

    @Test
    void h0h1WarmupNeedsAKnownOptimumAndALoss() {
        Schedule s = new Schedules.H0H1Warmup(1, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.value(0, context(OptionalDouble.empty(), 1.0)));
        assertEquals("h0h1 warm-up schedule needs the optimum value f*, which problem 'half_square' does not know",
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> s.value(0, context(OptionalDouble.of(0), Double.NaN)));
        assertEquals("h0h1 warm-up schedule needs the loss f(x_t), which was not evaluated", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> s.value(0, new StepContext(null, null)));
        assertEquals("h0h1 warm-up schedule needs the optimum value f*, which this context does not know",
                e.getMessage());

        // Through a run on a problem without f*: the run fails at its first update with the same message.
        Transform gd = Optimizers.sgd(s, Schedules.constant(0), false, 0, Schedules.constant(0));
        e = assertThrows(IllegalStateException.class, () -> Run.on(FaultyProblem.withoutOptimum(
                new HalfSquare(OptionalDouble.of(0))), gd).stop(StoppingRule.maxSteps(3)).run());
        assertEquals("h0h1 warm-up schedule needs the optimum value f*, which problem 'faulty_half_square' does not "
                + "know", e.getMessage());
    }

    @Test
    void h0h1WarmupInARunGrowsTheStepAsTheLossFalls() {
        // f(w) = ½w² from a unit gap with H0 = H1 = 1: η_k = 1/(10 + 20·f(w_k)) rises towards 1/10.
        Transform gd = Transforms.chain(Transforms.scaleByLearningRate(new Schedules.H0H1Warmup(1, 1)));
        RunResult r = Run.on(new HalfSquare(OptionalDouble.of(0)), gd).stop(StoppingRule.maxSteps(40)).run();
        Trajectory tr = r.trajectory();
        double w = Math.sqrt(2.0);
        for (int k = 0; k < 40; k++) {
            double f = 0.5 * w * w;
            double eta = 1.0 / (10 + 20 * f);
            assertEquals(f, tr.get("loss", k), 1e-15);
            assertEquals(eta, tr.get("lr", k), 1e-15, "lr at step " + k);
            if (k > 0) {
                assertTrue(tr.get("lr", k) > tr.get("lr", k - 1), "warm-up: the step grows");
            }
            w -= eta * w;
        }
        assertEquals(0.5 * w * w, r.loss(), 1e-15);
    }

    @Test
    void lossWarmupUsesTheOptimumWhenKnownAndZeroOtherwise() {
        Schedule s = new Schedules.LossWarmup(0.1, 0.5);
        assertEquals(0.1 * 0.5 / 1.5, s.value(0, context(OptionalDouble.empty(), 1.5)), EPS);
        assertEquals(0.1 * 0.5 / 1.0, s.value(0, context(OptionalDouble.of(0.5), 1.5)), EPS);
        assertEquals(0.1, s.value(0, context(OptionalDouble.of(1.2), 1.5)), EPS, "gap below C: the peak");
        assertEquals(0.1, s.value(0, context(OptionalDouble.of(2), 1.5)), EPS);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.value(0, context(OptionalDouble.empty(), Double.NaN)));
        assertEquals("loss warm-up schedule needs the loss f(x_t), which was not evaluated", e.getMessage());
        rejects("loss warm-up: peak = 0.0 is outside (0, ∞)", () -> new Schedules.LossWarmup(0, 1));
        rejects("loss warm-up: c = 0.0 is outside (0, ∞)", () -> new Schedules.LossWarmup(1, 0));
    }

    @Test
    void schedulesDriveTheLearningRateByUpdateCount() {
        // The run's lr column follows the schedule update by update.
        Schedule lr = new Schedules.WarmupCosine(0.0, 0.1, 3, 8, 0.01);
        Transform gd = Optimizers.sgd(lr, Schedules.constant(0), false, 0, Schedules.constant(0));
        RunResult r = Run.on(new HalfSquare(OptionalDouble.of(0)), gd).stop(StoppingRule.maxSteps(10)).run();
        for (int k = 0; k < 10; k++) {
            double byHand = k < 3 ? 0.1 * k / 3 : k >= 8 ? 0.01 : 0.01 + 0.09 * (1 + Math.cos(Math.PI * (k - 3) / 5)) / 2;
            assertEquals(byHand, r.trajectory().get("lr", k), EPS, "logged lr at update " + k);
        }
        assertEquals(DType.F64, r.x().tensor(0).dtype());
    }

    /** A learning rate written out by hand from a schedule's published formula: (update count t, f(x_t)) → η_t. */
    private interface HandRate {
        double at(long t, double f);
    }

    /** One registered schedule: its configuration and its rate by hand. */
    private record Case(Map<String, Object> config, HandRate rate) {}

    /** Every registered schedule, with parameters that make each of its phases visible within {@link #STEPS} steps. */
    private static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("constant", new Case(Map.of("value", 0.1), (t, f) -> 0.1));
        c.put("step", new Case(Map.of("init", 0.4, "every", 3L, "gamma", 0.5),
                (t, f) -> new double[] {0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05}[(int) t]));
        c.put("exponential", new Case(Map.of("init", 0.4, "rate", 0.25, "transition", 2L, "delay", 1L, "end", 0.02),
                (t, f) -> t <= 1 ? 0.4 : Math.max(0.02, 0.4 * Math.pow(0.5, t - 1))));
        c.put("linear_warmup", new Case(Map.of("init", 0.05, "peak", 0.3, "warmup", 4L),
                (t, f) -> new double[] {0.05, 0.1125, 0.175, 0.2375, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3}[(int) t]));
        c.put("warmup_cosine", new Case(Map.of("init", 0.0, "peak", 0.3, "warmup", 3L, "total", 7L, "end", 0.02),
                (t, f) -> t < 3 ? 0.1 * t : t >= 7 ? 0.02 : 0.02 + 0.28 * (1 + Math.cos(Math.PI * (t - 3) / 4)) / 2));
        c.put("wsd", new Case(Map.of("peak", 0.3, "warmup", 2L, "stable", 2L, "decay", 4L, "end", 0.02, "shape", "one_minus_sqrt"),
                (t, f) -> t < 2 ? 0.15 * t : t < 4 ? 0.3 : t >= 8 ? 0.02 : 0.02 + 0.28 * (1 - Math.sqrt((t - 4) / 4.0))));
        c.put("piecewise", new Case(Map.of("steps", List.of(2L, 6L), "values", List.of(0.1, 0.3), "linear", true),
                (t, f) -> t <= 2 ? 0.1 : t >= 6 ? 0.3 : 0.1 + 0.05 * (t - 2)));
        c.put("h0h1", new Case(Map.of("h0", 0.5, "h1", 0.25), (t, f) -> 1 / (5 + 5 * f)));
        c.put("loss_warmup", new Case(Map.of("peak", 0.5, "c", 0.25), (t, f) -> f <= 0.25 ? 0.5 : 0.125 / f));
        return c;
    }

    private static final int STEPS = 10;

    /**
     * The step gd actually applies: on f(w) = ½w² (gradient w, f* = 0) from w₀ = √2, each update
     * must be w_{t+1} = w_t − η_t·w_t with η_t written out by hand, for every registered schedule,
     * built from the registry as a spec would build it and passed to gd's {@code lr}.
     */
    @Test
    void gdAppliesEachRegisteredScheduleStepToTheParameters() {
        Registry<Schedule> registry = new Registry<>("schedule");
        ScheduleRegistry.register(registry);
        Map<String, Case> cases = cases();
        assertEquals(new TreeSet<>(registry.names()), new TreeSet<>(cases.keySet()), "a hand-written case per registered schedule");
        for (Map.Entry<String, Case> e : cases.entrySet()) {
            Schedule lr = registry.get(e.getKey()).create(e.getValue().config());
            Stepper gd = new Stepper(new HalfSquare(OptionalDouble.of(0)), OptimizerRegistry.get("gd").create(Map.of("lr", lr)), null);
            double w = Math.sqrt(2.0);
            for (long t = 0; t < STEPS; t++) {
                double eta = e.getValue().rate().at(t, 0.5 * w * w);
                double before = w;
                w -= eta * w;
                gd.step();
                double got = gd.x.tensor(0).get(0);
                assertEquals(w, got, 4 * Math.ulp(before), e.getKey() + ": w after update " + t + " (η = " + eta + ")");
            }
        }
    }
}
