package dev.curvature.optim.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.FaultyProblem;
import dev.curvature.optim.testing.Stepper;
import dev.curvature.optim.testing.TestQuadratic;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The guarded run loop: stopping rules, monitors, trajectory rows and the non-finite policy. */
class RunLoopTest {
    private static final TestQuadratic Q = new TestQuadratic(DType.F64);

    private static Transform sgd() {
        return Optimizers.sgd(new Schedules.StepDecay(0.1, 4, 0.5), Schedules.constant(0.5), false, 0,
                Schedules.constant(0));
    }

    // ------------------------------------------------------------------ checkpoints

    @Test
    void aCheckpointWhoseProblemStateLengthExceedsItsBytesIsRefusedWithoutAllocatingIt() {
        Run run = Run.on(Q, sgd()).stop(StoppingRule.maxSteps(10)).build();
        run.advance(3);
        byte[] ckpt = run.checkpoint();
        // The problem state's length (0 here, the quadratic keeps none), then the monitor count (0).
        ckpt[ckpt.length - 8] = 0x40;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Run.on(Q, sgd()).stop(StoppingRule.maxSteps(10)).resume(ckpt).build());
        assertEquals("run checkpoint: its problem state claims 1073741824 bytes, 4 remain", e.getMessage());
    }

    // ------------------------------------------------------------------ stopping rules

    @Test
    void maxStepsAppliesExactlyThatManyUpdatesAndLogsTheFinalPoint() {
        RunResult r = Run.on(Q, sgd()).stop(StoppingRule.maxSteps(10)).run();
        assertEquals("max_steps", r.stopReason());
        assertEquals(10, r.steps());
        assertEquals(0, r.skipped());
        Trajectory tr = r.trajectory();
        assertEquals(11, tr.rows(), "rows for x_0 … x_9 and the final x_10");
        for (int i = 0; i <= 10; i++) {
            assertEquals(i, tr.get("step", i));
        }
        // Replay by hand: row t holds f(x_t), ‖∇f(x_t)‖ and the learning rate used by update t.
        Stepper s = new Stepper(Q, sgd(), null);
        Blocks g = s.x.zerosLike();
        for (int t = 0; t <= 10; t++) {
            double f = Q.valueAndGradient(s.x, g);
            assertEquals(f, tr.get("loss", t), "loss at row " + t);
            assertEquals(g.norm(), tr.get("grad_norm", t), "grad_norm at row " + t);
            if (t < 10) {
                assertEquals(0.1 * Math.pow(0.5, t / 4), tr.get("lr", t), "lr at row " + t);
                assertEquals(0.5, tr.get("momentum", t));
                s.step();
            } else {
                assertTrue(Double.isNaN(tr.get("lr", t)), "no update, so no lr, at the final row");
            }
        }
        assertArrayEquals(TestQuadratic.rawBits(s.x), TestQuadratic.rawBits(r.x()));
        assertEquals(tr.last("loss"), r.loss());
        assertEquals(tr.last("grad_norm"), r.gradNorm());
    }

    @Test
    void advanceRunsBatchesOfStepsAndCountsThoseThatAdvanced() {
        Run stepped = Run.on(Q, sgd()).stop(StoppingRule.maxSteps(10)).build();
        int advancedOneByOne = 0;
        while (stepped.step()) {
            advancedOneByOne++;
        }
        Run batched = Run.on(Q, sgd()).stop(StoppingRule.maxSteps(10)).build();
        assertEquals(4, batched.advance(4));
        assertEquals(4, batched.stepIndex());
        assertEquals(4, batched.advance(4));
        assertEquals(2, batched.advance(4), "stops after the 10th update, short of the batch");
        assertEquals(0, batched.advance(4), "a stopped run does not advance");
        assertEquals(10, advancedOneByOne);
        assertEquals(stepped.result().stopReason(), batched.result().stopReason());
        assertArrayEquals(TestQuadratic.rawBits(stepped.params()), TestQuadratic.rawBits(batched.params()));
        assertArrayEquals(stepped.trajectory().get("loss"), batched.trajectory().get("loss"));
    }

    @Test
    void maxStepsZeroEvaluatesTheStartOnly() {
        RunResult r = Run.on(Q, sgd()).stop(StoppingRule.maxSteps(0)).run();
        assertEquals(0, r.steps());
        assertEquals(1, r.trajectory().rows());
        assertEquals(Q.value(Q.initialPoint(null)), r.loss());
    }

    @Test
    void gradNormToleranceStopsAtTheFirstSmallGradient() {
        double tol = 1e-3;
        RunResult r = Run.on(Q, Optimizers.gd(0.2)).stop(StoppingRule.maxSteps(10_000), StoppingRule.gradNorm(tol))
                .run();
        assertEquals("grad_norm", r.stopReason());
        assertTrue(r.gradNorm() <= tol);
        double[] gn = r.trajectory().get("grad_norm");
        for (int i = 0; i < gn.length - 1; i++) {
            assertTrue(gn[i] > tol, "row " + i + " was above the tolerance");
        }
        assertEquals(r.steps(), gn.length - 1);
        assertTrue(r.steps() > 5 && r.steps() < 200, "steps " + r.steps());
    }

    @Test
    void lossTargetStopsAtTheFirstLossBelowIt() {
        RunResult r = Run.on(Q, Optimizers.gd(0.2)).stop(StoppingRule.lossBelow(1e-4), StoppingRule.maxSteps(10_000))
                .run();
        assertEquals("loss_target", r.stopReason());
        assertTrue(r.loss() <= 1e-4);
        double[] f = r.trajectory().get("loss");
        assertTrue(f[f.length - 2] > 1e-4);
    }

    @Test
    void lossGapNeedsAKnownOptimum() {
        RunResult r = Run.on(Q, Optimizers.gd(0.2)).stop(StoppingRule.lossGapBelow(1e-6), StoppingRule.maxSteps(10_000))
                .run();
        assertEquals("loss_gap", r.stopReason());
        assertTrue(r.loss() <= 1e-6);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Run.on(FaultyProblem.withoutOptimum(Q), Optimizers.gd(0.2))
                        .stop(StoppingRule.lossGapBelow(1e-6)).run());
        assertEquals("loss_gap_below needs a problem with a known optimum f*", e.getMessage());
    }

    @Test
    void timeBudgetStopsAtTheFirstStepWhoseClockReadingReachesIt() {
        RunResult none = Run.on(Q, sgd()).stop(StoppingRule.timeBudget(Duration.ZERO)).run();
        assertEquals("time_budget", none.stopReason());
        assertEquals(0, none.steps());

        // The clock advances 5 ms per read: the first step starts it, and the rules of step t read
        // (t + 1)·5 ms, so a 60 ms budget fires at t = 11 after 11 updates; the stop reads 65 ms.
        AtomicLong now = new AtomicLong();
        RunResult r = Run.on(Q, sgd()).clock(() -> now.addAndGet(5_000_000L))
                .stop(StoppingRule.timeBudget(Duration.ofMillis(60)), StoppingRule.maxSteps(1000)).run();
        assertEquals("time_budget", r.stopReason());
        assertEquals(11, r.steps());
        assertEquals(Duration.ofMillis(65), r.elapsed());
    }

    @Test
    void theClockStartsWithTheFirstStepAndStopsWithTheLast() {
        AtomicLong now = new AtomicLong();
        Run run = Run.on(Q, sgd()).clock(() -> now.addAndGet(1_000_000L))
                .stop(StoppingRule.timeBudget(Duration.ofMillis(40)), StoppingRule.maxSteps(3)).build();
        assertEquals(Duration.ZERO, run.result().elapsed());
        now.addAndGet(60_000_000L);
        RunResult r = run.runToEnd();
        assertEquals("max_steps", r.stopReason(), "time between build() and the first step is not run time");
        assertEquals(3, r.steps());
        // Reads: the start, the rules of steps 0..3, the stop: 5 ms from the start to the stop.
        assertEquals(Duration.ofMillis(5), r.elapsed());
        now.addAndGet(5_000_000L);
        assertEquals(r.elapsed(), run.result().elapsed(), "elapsed is frozen once the run stopped");
    }

    @Test
    void firstRuleThatFiresGivesTheReason() {
        RunResult r = Run.on(Q, Optimizers.gd(0.2)).stop(StoppingRule.maxSteps(3), StoppingRule.lossBelow(1e9)).run();
        assertEquals("max_steps", Run.on(Q, Optimizers.gd(0.2)).stop(StoppingRule.maxSteps(0),
                StoppingRule.lossBelow(1e9)).run().stopReason());
        assertEquals("loss_target", r.stopReason());
        assertEquals(0, r.steps());
    }

    @Test
    void aRunNeedsAStoppingRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Run.on(Q, sgd()).build());
        assertEquals("run: at least one stopping rule is required (e.g. maxSteps)", e.getMessage());
        assertEquals("maxSteps: n = -1 is outside [0, ∞)",
                assertThrows(IllegalArgumentException.class, () -> StoppingRule.maxSteps(-1)).getMessage());
        assertEquals("gradNorm: tol = NaN is outside [0, ∞)",
                assertThrows(IllegalArgumentException.class, () -> StoppingRule.gradNorm(Double.NaN)).getMessage());
    }

    // ------------------------------------------------------------------ monitors and rows

    @Test
    void monitorsRunEveryKStepsAtTheCurrentPointAndAtTheEnd() {
        List<Long> seen = new ArrayList<>();
        Monitor distance = (p, x, step) -> {
            seen.add(step);
            return Map.of("dist", ((TestQuadratic) p).distanceToOptimum(x));
        };
        Monitor constant = (p, x, step) -> Map.of("seven", 7.0);
        RunResult r = Run.on(Q, sgd()).stop(StoppingRule.maxSteps(10)).monitor(distance, 3).monitor(constant, 5).run();
        assertEquals(List.of(0L, 3L, 6L, 9L, 10L), seen);
        Trajectory tr = r.trajectory();
        assertEquals(List.of("step", "loss", "grad_norm", "dist", "seven", "momentum", "lr"), tr.columnNames());
        Stepper s = new Stepper(Q, sgd(), null);
        for (int t = 0; t <= 10; t++) {
            double dist = tr.get("dist", t);
            if (t % 3 == 0 || t == 10) {
                assertEquals(Q.distanceToOptimum(s.x), dist, "dist at x_" + t);
            } else {
                assertTrue(Double.isNaN(dist), "no dist at row " + t);
            }
            assertEquals(t % 5 == 0 || t == 10 ? 7.0 : Double.NaN, tr.get("seven", t));
            if (t < 10) {
                s.step();
            }
        }
    }

    @Test
    void recordEveryLogsEveryKthStepTheFinalStepAndEveryMonitorStep() {
        List<Long> seen = new ArrayList<>();
        Monitor m = (p, x, step) -> {
            seen.add(step);
            return Map.of("m", (double) step);
        };
        RunResult r = Run.on(Q, sgd()).stop(StoppingRule.maxSteps(11)).recordEvery(4).monitor(m, 3).run();
        assertEquals(List.of(0L, 3L, 6L, 9L, 11L), seen, "a monitor runs every k steps whatever recordEvery is");
        double[] steps = r.trajectory().get("step");
        assertArrayEquals(new double[] {0, 3, 4, 6, 8, 9, 11}, steps);
        double[] mv = r.trajectory().get("m");
        assertArrayEquals(new double[] {0, 3, Double.NaN, 6, Double.NaN, 9, 11}, mv);
    }

    @Test
    void trajectoryWritesCsv() throws Exception {
        RunResult r = Run.on(Q, Optimizers.gd(0.25)).stop(StoppingRule.maxSteps(2)).run();
        StringWriter w = new StringWriter();
        r.trajectory().writeCsv(w);
        String[] lines = w.toString().split("\n");
        assertEquals("step,loss,grad_norm,lr", lines[0]);
        assertEquals(4, lines.length);
        assertTrue(lines[1].startsWith("0," + r.trajectory().get("loss", 0) + ","));
        assertTrue(lines[1].endsWith(",0.25"));
        assertTrue(lines[3].endsWith(","), "no lr at the final row: " + lines[3]);
    }

    // ------------------------------------------------------------------ non-finite guard

    @ParameterizedTest
    @EnumSource(DType.class)
    void raiseNamesTheBlockAndTheStepOfANonFiniteGradient(DType d) {
        FaultyProblem p = FaultyProblem.nanGradient(new TestQuadratic(d), "W", 5L);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> Run.on(p, sgd()).stop(StoppingRule.maxSteps(100)).run());
        assertEquals("non-finite gradient in block 'W' at step 5", e.getMessage());
        assertEquals("W", e.block());
        assertEquals(5, e.step());
    }

    @Test
    void raiseReportsANonFiniteLoss() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            FaultyProblem p = FaultyProblem.badLoss(Q, bad, 2L);
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> Run.on(p, sgd()).stop(StoppingRule.maxSteps(100)).run());
            assertEquals("non-finite loss (" + bad + ") at step 2", e.getMessage());
            assertNull(e.block());
            assertEquals(2, e.step());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void skipLeavesParametersAndOptimizerStateBitwiseUntouched(DType d) {
        FaultyProblem p = FaultyProblem.nanGradient(new TestQuadratic(d), "b", 5L);
        Transform opt = Optimizers.adamw(new Schedules.WarmupCosine(0, 0.05, 3, 30, 0), 0.9, 0.99, 1e-8,
                Schedules.constant(0.01));
        Run run = Run.on(p, opt).stop(StoppingRule.maxSteps(21)).nonFinite(NonFinitePolicy.skip(1)).build();
        for (int i = 0; i < 5; i++) {
            assertTrue(run.step());
        }
        long[] x = TestQuadratic.rawBits(run.params());
        byte[] state = run.optimizerState().snapshot();
        assertTrue(run.step(), "the skipped step does not end the run");
        assertArrayEquals(x, TestQuadratic.rawBits(run.params()), "parameters untouched");
        assertArrayEquals(state, run.optimizerState().snapshot(), "optimizer state untouched");
        Trajectory tr = run.trajectory();
        assertEquals(5, tr.last("step"));
        assertEquals(1, tr.last("skipped"));
        assertTrue(Double.isNaN(tr.last("grad_norm")));
        RunResult r = run.runToEnd();
        assertEquals(1, r.skipped());
        assertEquals(20, r.steps(), "21 steps, one of them skipped");

        // Skipping changed nothing but the step index: a clean run of 20 updates lands on the same bits,
        // with every schedule at the same count.
        RunResult clean = Run.on(new TestQuadratic(d), opt).stop(StoppingRule.maxSteps(20)).run();
        assertArrayEquals(TestQuadratic.rawBits(clean.x()), TestQuadratic.rawBits(r.x()));
        assertEquals(clean.trajectory().get("lr", 7), tr.get("lr", 8));
        assertEquals(clean.loss(), r.loss());
    }

    @Test
    void aRunStoppingRightAfterASkippedStepReportsThatEvaluation() {
        RunResult r = Run.on(FaultyProblem.nanGradient(Q, "w", 5L), sgd()).stop(StoppingRule.maxSteps(6))
                .nonFinite(NonFinitePolicy.skip(3)).run();
        assertEquals("max_steps", r.stopReason());
        assertEquals(5, r.steps());
        assertEquals(1, r.skipped());
        assertEquals(5, r.trajectory().last("step"));
        assertEquals(1, r.trajectory().last("skipped"));
        assertEquals(r.trajectory().last("loss"), r.loss(), "the loss of the last evaluation");
        assertTrue(Double.isNaN(r.gradNorm()), "no gradient norm for a non-finite gradient, not the previous step's");
    }

    @Test
    void skipFailsAfterTooManyConsecutiveNonFiniteSteps() {
        FaultyProblem p = FaultyProblem.nanGradient(Q, "W", 3L, 4L, 5L, 6L);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> Run.on(p, sgd()).stop(StoppingRule.maxSteps(100)).nonFinite(NonFinitePolicy.skip(2)).run());
        assertEquals("non-finite gradient in block 'W' at step 5 (3 consecutive steps skipped)", e.getMessage());
        assertEquals("W", e.block());
        assertEquals(5, e.step());

        RunResult ok = Run.on(FaultyProblem.nanGradient(Q, "W", 3L, 4L, 6L, 7L), sgd())
                .stop(StoppingRule.maxSteps(10)).nonFinite(NonFinitePolicy.skip(2)).run();
        assertEquals(4, ok.skipped());
        assertEquals(6, ok.steps());
        assertEquals("non-finite policy: maxConsecutive = 0 is outside [1, ∞)",
                assertThrows(IllegalArgumentException.class, () -> NonFinitePolicy.skip(0)).getMessage());
    }

    @Test
    void scheduledHyperparameterOutOfRangeStopsTheRunNamingTheUpdate() {
        Transform opt = Optimizers.gd(0.1);
        Transform bad = Optimizers.sgd(new Schedules.LinearWarmup(-0.2, 0.2, 4), Schedules.constant(0), false, 0,
                Schedules.constant(0));
        assertSame(opt.getClass(), bad.getClass());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Run.on(Q, bad).stop(StoppingRule.maxSteps(10)).run());
        assertEquals("scale_by_learning_rate: lr = -0.2 is outside [0, ∞) at update 0 (schedule "
                + "LinearWarmup[init=-0.2, peak=0.2, warmup=4])", e.getMessage());
    }

    @Test
    void requestStopEndsTheRunAtTheGivenPoint() {
        Blocks[] marked = new Blocks[1];
        Transform stopper = new Transform() {
            @Override
            public String name() {
                return "stopper";
            }

            @Override
            public dev.curvature.optim.State init(Blocks params, DType stateDType) {
                return new dev.curvature.optim.State(name());
            }

            @Override
            public void update(Blocks updates, dev.curvature.optim.State state, dev.curvature.optim.StepContext ctx) {
                updates.scale(-0.1);
                if (ctx.step() == 3) {
                    marked[0] = ctx.params().copy();
                    ctx.requestStop("converged", marked[0]);
                }
            }
        };
        RunResult r = Run.on(Q, stopper).stop(StoppingRule.maxSteps(100)).run();
        assertEquals("converged", r.stopReason());
        assertEquals(4, r.steps());
        assertSame(marked[0], r.x());
        assertEquals(Q.value(marked[0]), r.loss());
        assertEquals(4, r.trajectory().last("step"));
    }
}
