package dev.curvature.lab.experiments.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.Lab;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.ExperimentData;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.lab.testing.Experiments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fig. 2 and octopus analyses end to end on small specs: their tables and findings against the
 * definitions applied here to the stored runs table (counts of stop reasons per step or dimension,
 * the largest non-diverging and always-converging steps), their checks and their figures.
 */
class BodardFig2AndOctopusTest {

    private static Map<String, Double> findings(AnalysisResult a) {
        Map<String, Double> f = new HashMap<>();
        a.findings().forEach(x -> f.put(x.name(), x.value()));
        return f;
    }

    /** CSV rows keyed by their first {@code key} cells. */
    private static Map<String, String[]> table(Path csv, int key) throws Exception {
        Map<String, String[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",", -1);
            out.put(String.join(",", java.util.Arrays.copyOf(c, key)), c);
        }
        return out;
    }

    @Test
    void fig2TableAndStepsFollowTheStoredRuns(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: fig2-small
                seed: 2
                repeats: 5
                problem: {name: symmetric_factorization, n: 2, r: 1, y: [1.0, 0.5, 0.5, 1.0], loss_scale: 0.5, init_radius: 100.0, dtype: f64}
                optimizers:
                  gd: {name: gd, lr: 1.0e-4}
                  p_gd_cosh: {name: p_gd, kernel: cosh, separable: false, lambda: 1.0, lr: 0.1}
                zip:
                  optimizers.gd.lr: &s [1.0e-5, 1.0e-4, 1.0e-3, 0.1, 1.0]
                  optimizers.p_gd_cosh.lr: *s
                stop: {max_steps: 3000, loss_gap_below: 1.0e-8, diverge_above: 1.0e12}
                analysis: bodard-fig2
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        AnalysisResult a = r.analysis();
        // Per method and step: runs, converged (stop reason loss_gap), diverged.
        Map<String, TreeMap<Double, int[]>> counts = new TreeMap<>();
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            for (RunRecord run : store.runs("fig2-small")) {
                double lr = ExperimentData.gridValues(run).number("optimizers." + run.optimizer() + ".lr");
                int[] c = counts.computeIfAbsent(run.optimizer(), k -> new TreeMap<>()).computeIfAbsent(lr, k -> new int[3]);
                c[0]++;
                c[1] += "loss_gap".equals(run.stopReason()) ? 1 : 0;
                c[2] += run.status() == RunStatus.DIVERGED || "diverged".equals(run.stopReason()) ? 1 : 0;
            }
        }
        Map<String, String[]> rows = table(dir.resolve("fig2-steps.csv"), 2);
        assertEquals(10, rows.size(), "one row per method and step");
        for (var m : counts.entrySet()) {
            for (var s : m.getValue().entrySet()) {
                String[] row = rows.get(m.getKey() + "," + s.getKey());
                int[] c = s.getValue();
                assertEquals(List.of("" + c[0], "" + c[1], "" + c[2], "" + (c[0] - c[1] - c[2])),
                        List.of(row[2], row[3], row[4], row[5]), m.getKey() + " at " + s.getKey());
            }
        }
        TreeMap<Double, int[]> gd = counts.get("gd");
        double firstDivergence = gd.entrySet().stream().filter(e -> e.getValue()[2] > 0).mapToDouble(Map.Entry::getKey)
                .min().orElse(Double.POSITIVE_INFINITY);
        double etaGd = gd.headMap(firstDivergence, false).lastKey();
        double etaPgd = counts.get("p_gd_cosh").entrySet().stream().filter(e -> e.getValue()[1] == e.getValue()[0])
                .mapToDouble(Map.Entry::getKey).max().orElse(Double.NaN);
        Map<String, Double> f = findings(a);
        assertEquals(etaGd, f.get("GD: largest non-diverging step η_GD"));
        assertEquals(etaPgd, f.get("P-GD (cosh, L̄ = 1): largest step with every run converged η_PGD"));
        assertEquals(etaPgd / etaGd, f.get("η_PGD / η_GD"));
        assertTrue(firstDivergence <= 1e-3, "GD from ‖U₀‖ = 100 diverges at 1e-3 (curvature ≈ 6·10⁴): " + firstDivergence);
        assertEquals(3, a.checks().size());
        assertEquals(etaPgd / etaGd >= 100, a.checks().get(0).passed(), a.checks().get(0).toString());
        assertEquals(List.of("fig2-iterations", "fig2-outcomes", "fig2-paths", "fig2-gap"),
                a.figures().stream().map(AnalysisResult.Figure::name).toList());
        assertTrue(Files.isRegularFile(r.report()));
    }

    @Test
    void octopusTableCountsRunsThatReachedTheMinimumPerDimension(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: octopus-small
                seed: 3
                repeats: 5
                problem: {name: octopus, d: 2, L: 1.0, gamma: 1.0, tau: 2.718281828459045, init_radius: 1.0, outside: inf, dtype: f64}
                optimizers:
                  gd: {name: gd, lr: 0.25}
                  perturbed_gd_du: {name: perturbed_gd_du, lr: 0.25, radius: 0.02718281828459045, g_thres: 0.02718281828459045, t_thres: 1}
                  algorithm1: {name: perturbed_p_gd, kernel: cosh, separable: false, wait_first: true, lbar: 1.0, lambda: 1.0, lr: 0.25, radius: 0.1087312731383618, interval: 1, tolerance: 0.02718281828459045}
                grid:
                  problem.d: [2, 3, 4]
                zip:
                  problem.L: [1.0, 2.0]
                  optimizers.gd.lr: [0.25, 0.125]
                  optimizers.perturbed_gd_du.lr: [0.25, 0.125]
                  optimizers.algorithm1.lr: [0.25, 0.125]
                  optimizers.algorithm1.radius: [0.1087312731383618, 0.2174625462767236]
                stop: {max_steps: 4000, loss_gap_below: 1.0e-3}
                analysis: bodard-fig3-octopus
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, List<Double>> iterations = new HashMap<>();
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            for (RunRecord run : store.runs("octopus-small")) {
                var grid = ExperimentData.gridValues(run);
                String key = grid.number("problem.L") + "," + run.optimizer() + "," + (int) grid.number("problem.d");
                int[] c = counts.computeIfAbsent(key, k -> new int[2]);
                c[0]++;
                if ("loss_gap".equals(run.stopReason())) {
                    c[1]++;
                    iterations.computeIfAbsent(key, k -> new ArrayList<>()).add((double) run.steps());
                }
            }
        }
        Map<String, String[]> rows = table(dir.resolve("octopus-iterations.csv"), 3);
        assertEquals(18, rows.size(), "two L × three methods × three dimensions: " + rows.keySet());
        assertEquals(counts.keySet(), rows.keySet());
        for (var e : counts.entrySet()) {
            String[] row = rows.get(e.getKey());
            assertEquals("5", row[3], e.getKey());
            assertEquals("" + e.getValue()[1], row[4], e.getKey() + ": runs that reached the minimum");
            List<Double> its = iterations.getOrDefault(e.getKey(), List.of());
            if (its.size() == 5) {
                double[] v = its.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                assertEquals(v[2], Double.parseDouble(row[5]), e.getKey() + ": median of five");
                assertEquals(v[0], Double.parseDouble(row[6]));
                assertEquals(v[4], Double.parseDouble(row[7]));
            } else {
                assertEquals("", row[5], e.getKey() + ": no median when a run did not reach the minimum");
            }
        }
        assertEquals(5, counts.get("1.0,perturbed_gd_du,2")[1], "perturbed GD reaches the minimum in d = 2");
        assertTrue(r.analysis().checks().size() >= 3, r.analysis().checks().toString());
        assertTrue(Files.isRegularFile(r.report()));
    }
}
