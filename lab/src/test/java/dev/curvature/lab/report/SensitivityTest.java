package dev.curvature.lab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-made sweep: gd at three learning rates (two seeds each, one run diverged) under a
 * top-level grid that also varies adam's lr, and adam at two. The best setting, its statistics,
 * and the sensitivity curve are those computed here by hand; gd's rows carry only gd's lr.
 */
class SensitivityTest {
    @TempDir
    Path dir;

    /** gd lr → final losses of seeds 1 and 2 (the 1e-2 seed 2 run diverged). */
    static final double[][] GD = {{1e-4, 4.0, 6.0}, {1e-3, 1.0, 3.0}, {1e-2, 2.0, Double.POSITIVE_INFINITY}};

    @Test
    void bestSettingAndSensitivityCurveAreTheHandComputedOnes() throws Exception {
        try (ResultStore store = ResultStore.open(dir)) {
            store.beginExperiment("s", "hash", "name: s\n");
            List<RunRecord> runs = new ArrayList<>();
            List<ResultStore.RunBatch> batches = new ArrayList<>();
            int i = 0;
            for (double[] g : GD) {
                for (int seed = 1; seed <= 2; seed++) {
                    String grid = "{\"optimizers.adam.lr\":\"0.01\",\"optimizers.gd.lr\":\"" + g[0] + "\"}";
                    runs.add(RunRecord.pending("s/" + i, "s", i, "gd", seed - 1, seed, grid, "{}", "hash"));
                    double loss = g[seed];
                    batches.add(new ResultStore.RunBatch("s/" + i, -1, new ResultStore.MetricRows(new long[0],
                            new String[0], new double[0], 0), List.of(), new ResultStore.RunState(Double.isFinite(loss)
                            ? RunStatus.DONE : RunStatus.DIVERGED, "max_steps", 3, loss, 1.0, 1, null, "cpu", "25")));
                    i++;
                }
            }
            store.registerRuns(runs);
            store.commit(batches);
            ExperimentData data = new ExperimentData(store, "s");

            assertEquals(Map.of("optimizers.gd.lr", "1.0E-4"), ExperimentData.configuration(data.runs().get(0)),
                    "a gd run's configuration leaves adam's lr out");
            Sensitivity.Best best = Sensitivity.best(data).get(0);
            assertEquals(new Sensitivity.Best("gd", "optimizers.gd.lr=0.001", 2.0, 1.0, 3.0, 2, 0, 0), best);
            Sensitivity.Best worst = Sensitivity.best(data).stream().filter(b -> b.optimizer().equals("gd")).findFirst()
                    .orElseThrow();
            assertEquals(best, worst, "one row per optimizer");

            List<AnalysisResult.Figure> figures = Sensitivity.figures(data);
            assertEquals(1, figures.size(), "one figure for the one swept number of gd");
            assertTrue(figures.get(0).chart().getStyler().isXAxisLogarithmic(), "1e-4 to 1e-2 spans two decades");
            var series = figures.get(0).chart().getSeriesMap().get("gd (median of 2)");
            assertArrayEquals(new double[] {1e-4, 1e-3, 1e-2}, series.getXData());
            // Medians: (4+6)/2, (1+3)/2, and 2 alone (the diverged run's infinity is left out).
            assertArrayEquals(new double[] {5.0, 2.0, 2.0}, series.getYData());
        }
    }
}
