package dev.curvature.lab.experiments.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up schedules analysis on stored rows whose outcome is known: each run logs the loss
 * 3, 3, v, v, so its mean over the last half of the run is v. On the CNN, per seed s = 0..4,
 * none ends at 1 + s/10 (seed 4 diverged), linear at 0.5 + s/10, loss-based at 0.55 + s/10: both
 * schedules beat no warm-up on every seed, and loss-based / linear has median ratio 0.75/0.7. On
 * the transformer, linear ends above none on every seed.
 */
class SchedulesAnalysisTest {
    @TempDir
    Path dir;

    static final String CNN = "{\"problem\":\"{name: cnn, dataset: digits}\"}";
    static final String LM = "{\"problem\":\"{name: char_transformer, text: moby-dick-1-9}\"}";

    private static double end(String grid, String schedule, int seed) {
        if (grid.equals(CNN)) {
            return switch (schedule) {
                case "none" -> 1 + seed / 10.0;
                case "linear" -> 0.5 + seed / 10.0;
                default -> 0.55 + seed / 10.0;
            };
        }
        return switch (schedule) {
            case "none" -> 1 + seed / 10.0;
            case "linear" -> 2 + seed / 10.0;
            default -> 0.9 + seed / 10.0;
        };
    }

    private ExperimentData store() throws Exception {
        ResultStore store = ResultStore.open(dir);
        store.beginExperiment("s", "hash", "name: s");
        List<RunRecord> runs = new ArrayList<>();
        List<ResultStore.RunBatch> batches = new ArrayList<>();
        int index = 0;
        for (String grid : List.of(CNN, LM)) {
            for (String schedule : List.of("none", "linear", "loss-based")) {
                for (int seed = 0; seed < 5; seed++) {
                    String id = "s/" + index;
                    runs.add(RunRecord.pending(id, "s", index++, schedule, seed, seed, grid, "{}", "hash"));
                    boolean diverged = grid.equals(CNN) && schedule.equals("none") && seed == 4;
                    double v = end(grid, schedule, seed);
                    batches.add(new ResultStore.RunBatch(id, -1, new ResultStore.MetricRows(new long[] {0, 10, 20, 30},
                            new String[] {"loss", "loss", "loss", "loss"}, new double[] {3, 3, v, v}, 4), List.of(),
                            new ResultStore.RunState(diverged ? RunStatus.DIVERGED : RunStatus.DONE,
                                    diverged ? "diverged" : "max_steps", 30, v, 0, 1, null, "test", "test")));
                }
            }
        }
        store.registerRuns(runs);
        store.commit(batches);
        return new ExperimentData(store, "s");
    }

    @Test
    void findingsAreTheMediansOfTheLastHalfLossAndTheChecksFollowThePairedSeeds() throws Exception {
        ExperimentData data = store();
        AnalysisResult a;
        try (ResultStore s = data.store()) {
            a = new SchedulesAnalysis().analyze(data);
        }
        Map<String, Double> findings = new java.util.HashMap<>();
        a.findings().forEach(f -> findings.put(f.name(), f.value()));
        // CNN none: {1.0, 1.1, 1.2, 1.3, ∞} → 1.2; linear {0.5 … 0.9} → 0.7; loss-based → 0.75.
        assertEquals(1.2, findings.get("cnn / digits: none"), 1e-12);
        assertEquals(0.7, findings.get("cnn / digits: linear"), 1e-12);
        assertEquals(0.75, findings.get("cnn / digits: loss-based"), 1e-12);
        assertEquals(2.2, findings.get("char_transformer / moby-dick-1-9: linear"), 1e-12);
        assertEquals(6, findings.size(), findings.toString());

        Map<String, Boolean> checks = new java.util.LinkedHashMap<>();
        a.checks().forEach(c -> checks.put(c.claim().substring(0, c.claim().indexOf(" (")), c.passed()));
        assertEquals(Map.of(
                "cnn / digits: linear warm-up beats no warm-up", true,
                "cnn / digits: loss-based warm-up beats no warm-up", true,
                "cnn / digits: loss-based warm-up is not worse than linear warm-up by more than 25 %", true,
                "char_transformer / moby-dick-1-9: linear warm-up beats no warm-up", false,
                "char_transformer / moby-dick-1-9: loss-based warm-up beats no warm-up", true,
                "char_transformer / moby-dick-1-9: loss-based warm-up is not worse than linear warm-up by more than 25 %",
                true), checks);
        AnalysisResult.Check ratio = a.checks().get(2);
        // Paired ratios (0.55 + s/10)/(0.5 + s/10): 1.1, 1.083, 1.071, 1.063, 1.056 → median 0.75/0.7.
        assertEquals(0.75 / 0.7, ratio.margin().value(), 1e-12);
        assertEquals(2, a.figures().size(), "one curve figure per model");
    }

    @Test
    void theTableHasOneRowPerRunWithItsLastHalfLoss() throws Exception {
        ExperimentData data = store();
        try (ResultStore s = data.store()) {
            new SchedulesAnalysis().analyze(data);
        }
        List<String> lines = Files.readAllLines(dir.resolve("schedules.csv"));
        assertEquals("model,schedule,repeat,last_half_loss", lines.get(0));
        assertEquals(1 + 30, lines.size());
        assertTrue(lines.contains("cnn / digits,linear,2,0.700000"), lines.toString());
        assertTrue(lines.contains("char_transformer / moby-dick-1-9,loss-based,0,0.900000"), lines.toString());
        String diverged = lines.stream().filter(l -> l.startsWith("cnn / digits,none,4,")).findFirst().orElseThrow();
        assertFalse(diverged.endsWith(",1.40000"), "a diverged run is not its loss: " + diverged);
        assertTrue(diverged.toLowerCase(java.util.Locale.ROOT).endsWith("inf") || diverged.endsWith("Infinity"),
                diverged);
    }
}
