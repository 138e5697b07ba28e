package dev.curvature.lab.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curvature.lab.runner.Progress;
import dev.curvature.lab.runner.RunPlan;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.optim.run.Run;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each accepted spec value changes what is stored the way the spec promises, observed in the
 * result database (or a run checkpoint) against values derived by hand.
 *
 * <p>The runs minimize the one-dimensional quadratic {@code quadratic} with n = 1 and μ = L = a:
 * f(x) = (a/2)(x − x*)² with x* = ±1 and |x₀ − x*| = {@code start_distance} = d. Gradient descent
 * with step η gives x_t − x* = (1 − ηa)^t (x₀ − x*), so f(x_t) = (a/2) d² (1 − ηa)^{2t} and
 * ‖∇f(x_t)‖ = a d |1 − ηa|^t. With a = 1 and η = 1/2 or 3 every such value is a power of two,
 * computed exactly in floating point, so stopping steps and stored values are known exactly.
 */
class SpecValuesTakeEffectTest {
    private static final String UNIT_QUADRATIC = "problem: {name: quadratic, n: 1, mu: 1, L: 1, seed: 3}\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Runs {@code yaml} (or its quick variant) with one worker on {@code clock}; returns the results folder. */
    private Path store(ExperimentSpec spec, LongSupplier clock) throws Exception {
        Path out = tmp.resolve("results");
        try (ResultStore store = ResultStore.open(out)) {
            new Runner(store, clock).run(spec, new Runner.Options(1, false, Progress.silent()));
        }
        return out;
    }

    private Path store(String yaml) throws Exception {
        return store(ExperimentSpec.parse(yaml, "spec.yaml"), System::nanoTime);
    }

    private static double[][] series(Path dir, String runId, String metric) throws Exception {
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            return store.series(runId, metric);
        }
    }

    private static Map<String, Object> runRow(Path dir, String runId) throws Exception {
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            return store.query("SELECT status, stop_reason, steps, final_loss, error, grid_json, config_json "
                    + "FROM runs WHERE run_id = ?", runId).getFirst();
        }
    }

    private static double[] steps(double[][] series) {
        return series[0];
    }

    @Test
    void recordEveryStoresRowsAtMultiplesOfKTheFinalStepAndMonitorSteps() throws Exception {
        Path dir = store("name: rec\n" + UNIT_QUADRATIC + """
                optimizers: {gd: {name: gd, lr: 0.5}}
                stop: {max_steps: 10}
                run: {record_every: 3}
                monitors: [{name: param_norm, every: 4}]
                """);
        double[][] loss = series(dir, "rec/0", "loss");
        // Multiples of 3, the monitor's multiples of 4, and the final point at step 10.
        assertArrayEquals(new double[] {0, 3, 4, 6, 8, 9, 10}, steps(loss));
        for (int i = 0; i < loss[0].length; i++) {
            assertEquals(0.5 * Math.pow(0.25, loss[0][i]), loss[1][i], "f(x_t) = ½·4^−t at step " + loss[0][i]);
        }
        assertArrayEquals(new double[] {0, 4, 8, 10}, steps(series(dir, "rec/0", "param_norm")));
    }

    @Test
    void stateDtypeSetsTheOptimizerBuffersDtypeAndRoundsTheMomentumAsFloat32() throws Exception {
        // SGD with torch momentum μ = 1/2, η = 1 on a = μ = L = 0.1, d = 1: b₀ = g₀ is stored in the
        // state's dtype, and u₁ = μ·b₀ + g₁. In float32 b₀ = fl32(0.1), so x₂ moves by μ(fl32(0.1) − 0.1).
        String f64 = stateDtypeSpec("f64");
        String f32 = stateDtypeSpec("f32");
        Path d64 = tmp.resolve("f64");
        Path d32 = tmp.resolve("f32");
        for (Object[] c : new Object[][] {{f64, d64}, {f32, d32}}) {
            try (ResultStore store = ResultStore.open((Path) c[1])) {
                new Runner(store).run(ExperimentSpec.parse((String) c[0], "spec.yaml"),
                        new Runner.Options(1, false, Progress.silent()));
            }
        }
        double a = 0.1;
        double[] expected64 = momentumLosses(a, a);
        double[] expected32 = momentumLosses(a, (float) a);
        double[] loss64 = series(d64, "dtype/0", "loss")[1];
        double[] loss32 = series(d32, "dtype/0", "loss")[1];
        for (int t = 0; t < 3; t++) {
            assertEquals(expected64[t], loss64[t], 1e-12 * expected64[t], "f64 loss at step " + t);
            assertEquals(expected32[t], loss32[t], 1e-12 * expected32[t], "f32 loss at step " + t);
        }
        // The rounding of b₀ changes f(x₂) by about 2·0.5·1.5e-9/0.76, a thousand times the tolerance.
        assertTrue(Math.abs(loss32[2] - loss64[2]) > 1e-9 * loss64[2], loss32[2] + " vs " + loss64[2]);

        // The checkpoint of each carries its buffers in that dtype: it restores into a run of the same
        // spec and is refused, naming the dtype, by a run whose state has the other one.
        byte[] ckpt32 = checkpointAfter(f32, 2);
        byte[] ckpt64 = checkpointAfter(f64, 2);
        builder(f32).resume(ckpt32).build();
        builder(f64).resume(ckpt64).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder(f64).resume(ckpt32).build());
        assertTrue(e.getMessage().contains("dtype is F32, expected F64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> builder(f32).resume(ckpt64).build());
        assertTrue(e.getMessage().contains("dtype is F64, expected F32"), e.getMessage());
    }

    private static String stateDtypeSpec(String dtype) {
        return "name: dtype\nproblem: {name: quadratic, n: 1, mu: 0.1, L: 0.1, seed: 3}\n"
                + "optimizers: {sgd: {name: sgd, lr: 1, momentum: 0.5}}\nstop: {max_steps: 4}\n"
                + "run: {state_dtype: " + dtype + "}\n";
    }

    /** f(x_t), t = 0, 1, 2, for torch-convention momentum ½, step 1, when b₀ is stored as {@code storedG0}. */
    private static double[] momentumLosses(double a, double storedG0) {
        double d0 = 1;
        double g0 = a * d0;
        double d1 = d0 - g0;
        double g1 = a * d1;
        double d2 = d1 - (0.5 * storedG0 + g1);
        return new double[] {a / 2 * d0 * d0, a / 2 * d1 * d1, a / 2 * d2 * d2};
    }

    private static Run.Builder builder(String yaml) {
        List<RunPlan> plans = Runner.plan(ExperimentSpec.parse(yaml, "spec.yaml"));
        return Runner.builder(plans.getFirst());
    }

    private static byte[] checkpointAfter(String yaml, int steps) {
        Run run = builder(yaml).build();
        assertEquals(steps, run.advance(steps));
        return run.checkpoint();
    }

    /**
     * With a = 1 and η = 1025 the iterate grows by −1024 per step: f(x_t) ≈ 2^{20t}/2 is finite up
     * to t = 51 (2^1019) and overflows at t = 52 (2^1039), while ∇f stays finite (2^520).
     */
    private static final String OVERFLOWING = "name: nf\n" + UNIT_QUADRATIC
            + "optimizers: {gd: {name: gd, lr: 1025}}\nstop: {max_steps: 200}\n";

    @Test
    void nonFiniteRaiseEndsTheRunAsDivergedAtTheFirstInfiniteLoss() throws Exception {
        Path dir = store(OVERFLOWING + "run: {non_finite: raise}\n");
        Map<String, Object> run = runRow(dir, "nf/0");
        assertEquals("diverged", run.get("status"));
        assertEquals("non_finite", run.get("stop_reason"));
        assertEquals(52L, ((Number) run.get("steps")).longValue());
        assertEquals("non-finite loss (Infinity) at step 52", run.get("error"));
        double[][] loss = series(dir, "nf/0", "loss");
        assertEquals(51.0, loss[0][loss[0].length - 1], "the last stored row is the last finite step");
        assertTrue(Double.isFinite(loss[1][loss[1].length - 1]));
    }

    @Test
    void nonFiniteSkipStoresSkippedStepsAndFailsOnceMaxSkipsConsecutiveStepsAreExceeded() throws Exception {
        Path dir = store(OVERFLOWING + "run: {non_finite: skip, max_skips: 3}\n");
        Map<String, Object> run = runRow(dir, "nf/0");
        // Steps 52, 53 and 54 are skipped (x stays, so f stays infinite); the fourth consecutive one fails.
        assertEquals("non-finite loss (Infinity) at step 55 (4 consecutive steps skipped)", run.get("error"));
        assertEquals("diverged", run.get("status"));
        assertEquals(52L, ((Number) run.get("steps")).longValue(), "skipped steps apply no update");
        double[][] skipped = series(dir, "nf/0", "skipped");
        assertArrayEquals(new double[] {52, 53, 54}, skipped[0]);
        assertArrayEquals(new double[] {1, 1, 1}, skipped[1]);
        double[][] loss = series(dir, "nf/0", "loss");
        assertEquals(55, loss[0].length, "rows 0..51 and the three skipped steps");
    }

    @Test
    void nonFiniteSkipLeavesTheIterateAndTheOptimizerStateBitwiseUntouched() {
        // Momentum keeps state; the overflow step is found by stepping, then three skips change nothing.
        String yaml = "name: nf\n" + UNIT_QUADRATIC + "optimizers: {sgd: {name: sgd, lr: 1025, momentum: 0.5}}\n"
                + "stop: {max_steps: 200}\nrun: {non_finite: skip, max_skips: 5}\n";
        Run run = builder(yaml).build();
        while (run.result().skipped() == 0) {
            assertTrue(run.step(), "the run ended before its loss overflowed");
        }
        double[] x = run.params().tensor(0).toDoubleArray();
        byte[] state = run.optimizerState().snapshot();
        long t = run.stepIndex();
        run.advance(3);
        assertEquals(t + 3, run.stepIndex());
        assertEquals(4, run.result().skipped());
        assertArrayEquals(x, run.params().tensor(0).toDoubleArray(), "a skipped step moved x");
        assertArrayEquals(state, run.optimizerState().snapshot(), "a skipped step changed the optimizer state");
    }

    @Test
    void divergeAboveStopsAtTheFirstLossAboveItAsDiverged() throws Exception {
        // η = 3: f(x_t) = ½·4^t: 512 at t = 5, 2048 at t = 6.
        Path dir = store("name: div\n" + UNIT_QUADRATIC
                + "optimizers: {gd: {name: gd, lr: 3}}\nstop: {max_steps: 100, diverge_above: 1000}\n");
        Map<String, Object> run = runRow(dir, "div/0");
        assertEquals("diverged", run.get("status"));
        assertEquals("diverged", run.get("stop_reason"));
        assertEquals(6L, ((Number) run.get("steps")).longValue());
        assertEquals(2048.0, ((Number) run.get("final_loss")).doubleValue());
    }

    @Test
    void lossBelowStopsAtTheFirstLossAtOrBelowIt() throws Exception {
        // f(x_t) = ½·4^−t: 1.95e-3 at t = 4, 4.9e-4 at t = 5.
        assertStop("loss_below: 1.0e-3", "loss_target", 5, 0.5 * Math.pow(0.25, 5));
    }

    @Test
    void lossGapBelowStopsAtTheFirstGapAtOrBelowIt() throws Exception {
        // f* = 0, so the gap is f(x_t) = ½·4^−t; ½·4^−3 = 1/128 ≤ 1/128 fires at t = 3 (≤, not <).
        assertStop("loss_gap_below: 0.0078125", "loss_gap", 3, 0.5 * Math.pow(0.25, 3));
    }

    @Test
    void gradNormStopsAtTheFirstGradientNormAtOrBelowIt() throws Exception {
        // ‖∇f(x_t)‖ = 2^−t: 0.0156 at t = 6, 0.0078 at t = 7.
        assertStop("grad_norm: 1.0e-2", "grad_norm", 7, 0.5 * Math.pow(0.25, 7));
    }

    private void assertStop(String rule, String reason, long step, double finalLoss) throws Exception {
        Path dir = store("name: stop\n" + UNIT_QUADRATIC
                + "optimizers: {gd: {name: gd, lr: 0.5}}\nstop: {max_steps: 100, " + rule + "}\n");
        Map<String, Object> run = runRow(dir, "stop/0");
        assertEquals("done", run.get("status"));
        assertEquals(reason, run.get("stop_reason"));
        assertEquals(step, ((Number) run.get("steps")).longValue());
        assertEquals(finalLoss, ((Number) run.get("final_loss")).doubleValue());
        double[][] loss = series(dir, "stop/0", "loss");
        assertEquals((double) step, loss[0][loss[0].length - 1]);
    }

    /**
     * The runner's clock advances {@code tickNanos} per reading and only the run reads it while it
     * steps (one worker, fewer steps than a progress batch): step t's rules see (t + 1) ticks, so
     * a budget of B stops the run at the first t with (t + 1)·tick ≥ B.
     */
    @ParameterizedTest(name = "time_budget: {0}")
    @CsvSource(delimiter = ';', value = {
            "250ms; 10000000; 24",
            "90s; 1000000000; 89",
            "1.5s; 100000000; 14",
            "5m; 5000000000; 59",
            "1.5m; 1000000000; 89",
            "1h; 60000000000; 59",
            "2.5; 100000000; 24"})
    void timeBudgetInEachUnitIsThatDuration(String budget, long tickNanos, long stopStep) throws Exception {
        AtomicLong now = new AtomicLong();
        Path dir = store(ExperimentSpec.parse("name: budget\n" + UNIT_QUADRATIC
                + "optimizers: {gd: {name: gd, lr: 0.5}}\nstop: {max_steps: 200, time_budget: " + budget + "}\n",
                "spec.yaml"), () -> now.addAndGet(tickNanos));
        Map<String, Object> run = runRow(dir, "budget/0");
        assertEquals("time_budget", run.get("stop_reason"));
        assertEquals(stopStep, ((Number) run.get("steps")).longValue());
    }

    @Test
    void gridAndZipValuesAreStoredWithEachRunAndUsedByIt() throws Exception {
        Path dir = store("name: sweep\n" + UNIT_QUADRATIC + """
                optimizers: {gd: {name: gd, lr: 0.5}}
                grid: {optimizers.gd.lr: [0.5, 0.25]}
                zip: {problem.start_distance: [1, 2], stop.max_steps: [3, 5]}
                stop: {max_steps: 100}
                """);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            String id = "sweep/" + i;
            Map<String, Object> run = runRow(dir, id);
            JsonNode grid = JSON.readTree((String) run.get("grid_json"));
            double lr = grid.get("optimizers.gd.lr").asDouble();
            double d = grid.get("problem.start_distance").asDouble();
            long maxSteps = grid.get("stop.max_steps").asLong();
            assertEquals(d == 1 ? 3 : 5, maxSteps, "zip rows stay aligned: " + grid);
            seen.merge(lr + "/" + d, 1, Integer::sum);
            String doc = JSON.readTree((String) run.get("config_json")).get("doc").asText();
            assertTrue(doc.contains("lr: " + lr) && doc.contains("start_distance: " + (int) d)
                    && doc.contains("max_steps: " + maxSteps), id + " stores its substituted config: " + doc);
            assertEquals(maxSteps, ((Number) run.get("steps")).longValue(), id);
            double[] loss = series(dir, id, "loss")[1];
            // f(x₀) = ½d², f(x₁) = ½d²(1 − η)².
            assertEquals(0.5 * d * d, loss[0], id);
            assertEquals(0.5 * d * d * (1 - lr) * (1 - lr), loss[1], id);
        }
        assertEquals(Map.of("0.5/1.0", 1, "0.5/2.0", 1, "0.25/1.0", 1, "0.25/2.0", 1), seen);
    }

    @Test
    void quickOverridesReplaceTheValuesTheQuickRunUses() throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("name: q\n" + UNIT_QUADRATIC + """
                optimizers: {gd: {name: gd, lr: 0.5}}
                stop: {max_steps: 40}
                quick: {stop.max_steps: 3, optimizers.gd.lr: 0.25, repeats: 2}
                """, "spec.yaml");
        Path dir = store(spec.quick(), System::nanoTime);
        for (String id : List.of("q/0", "q/1")) {
            Map<String, Object> run = runRow(dir, id);
            assertEquals(3L, ((Number) run.get("steps")).longValue(), id);
            double[] loss = series(dir, id, "loss")[1];
            assertEquals(0.5 * 0.75 * 0.75, loss[1], id + ": f(x₁) = ½(1 − 0.25)²");
            String doc = JSON.readTree((String) run.get("config_json")).get("doc").asText();
            assertTrue(doc.contains("lr: 0.25") && !doc.contains("lr: 0.5"), doc);
        }
    }
}
