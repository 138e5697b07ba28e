package dev.curvature.lab.experiments.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.Lab;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.testing.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Muon-hybrid analysis end to end on a small MLP sweep (two AdamW and two hybrid learning rates,
 * five seeds, no held-out monitor): each run's end loss is the mean of its last ten logged training
 * losses, recomputed here from the stored rows, and each finding is the median over seeds.
 */
class MuonHybridAnalysisTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            name: hybrid-small
            seed: 31
            repeats: 5
            problem: {name: mlp, dataset: digits, hidden: [16], batch: 16, seed: 1}
            optimizers:
              adamw-1e-3: {name: adamw, lr: 1.0e-3, weight_decay: 0.01}
              adamw-1e-2: {name: adamw, lr: 1.0e-2, weight_decay: 0.01}
              hybrid-0.01:
                route:
                  hidden: {name: muon, lr: 0.01, momentum: 0.95, nesterov: true, ns_steps: 5, method: ns5, adjust_lr: muon}
                  default: {name: adamw, lr: 3.0e-3}
              hybrid-0.05:
                route:
                  hidden: {name: muon, lr: 0.05, momentum: 0.95, nesterov: true, ns_steps: 5, method: ns5, adjust_lr: muon}
                  default: {name: adamw, lr: 3.0e-3}
            stop: {max_steps: 60}
            analysis: muon-hybrid
            """;

    @Test
    void endLossesFindingsAndTableFollowTheStoredTrainingLoss() throws Exception {
        Lab.Result r = Experiments.run(ExperimentSpec.parse(SPEC, "test"), dir);
        AnalysisResult a = r.analysis();
        Map<String, double[]> ends = new HashMap<>();
        List<String> expectedRows = new ArrayList<>();
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            for (RunRecord run : store.runs("hybrid-small")) {
                double[] loss = store.series(run.runId(), "loss")[1];
                assertTrue(loss.length >= 10, run.runId());
                double s = 0;
                for (int i = loss.length - 10; i < loss.length; i++) {
                    s += loss[i];
                }
                double end = s / 10;
                ends.computeIfAbsent(run.optimizer(), k -> new double[5])[run.repeat()] = end;
                String method = run.optimizer().startsWith("hybrid") ? "hybrid" : "adamw";
                String lr = run.optimizer().substring(run.optimizer().indexOf('-') + 1);
                expectedRows.add(method + "," + Double.parseDouble(lr) + "," + run.repeat() + ","
                        + String.format(java.util.Locale.ROOT, "%.6g", end));
            }
        }
        Map<String, Double> findings = new HashMap<>();
        a.findings().forEach(f -> findings.put(f.name(), f.value()));
        for (var e : ends.entrySet()) {
            double[] v = e.getValue().clone();
            Arrays.sort(v);
            assertEquals(v[2], findings.get(e.getKey()), 1e-12 * Math.abs(v[2]), e.getKey() + ": median of five seeds");
        }
        List<String> lines = Files.readAllLines(dir.resolve("muon-hybrid.csv"));
        assertEquals("method,lr,repeat,end_loss", lines.get(0));
        assertEquals(expectedRows.stream().sorted().toList(), lines.subList(1, lines.size()).stream().sorted().toList());
        assertTrue(!a.checks().isEmpty(), "the comparison is checked");
        assertTrue(Files.isRegularFile(r.report()));
    }
}
