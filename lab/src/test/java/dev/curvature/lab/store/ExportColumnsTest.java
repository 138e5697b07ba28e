package dev.curvature.lab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.runner.Progress;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small sweep with numeric, boolean, text and schedule-valued parameters, exported to Parquet:
 * one typed column per hyperparameter and grid path, and grid values and configuration as typed JSON.
 */
class ExportColumnsTest {
    @TempDir
    Path dir;

    static final String SPEC = """
            name: typed
            problem: {name: rosenbrock, n: 2}
            optimizers:
              sgd:
                name: sgd
                momentum: 0.5
                grid: {nesterov: [false, true]}
                zip: {lr: [0.001, {schedule: warmup_cosine, peak: 0.002, warmup: 1, total: 3}]}
            grid:
              problem.n: [2, 3]
              problem.dtype: [f64, f32]
            stop: {max_steps: 3}
            """;

    @Test
    void exportedRunsHaveOneTypedColumnPerHyperparameterAndTypedJson() throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC, "typed.yaml");
        try (ResultStore store = ResultStore.open(dir)) {
            new Runner(store).run(spec, new Runner.Options(1, false, Progress.silent()));
            store.exportParquet(dir.resolve("export"));
        }
        Path runs = dir.resolve("export").resolve("runs.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + runs + "')")) {
                while (rs.next()) {
                    String name = rs.getString("column_name");
                    if (name.contains(".")) {
                        columns.add(name + " " + rs.getString("column_type"));
                    }
                }
            }
            assertEquals(List.of("optimizer.lr DOUBLE", "optimizer.lr.peak DOUBLE", "optimizer.lr.schedule VARCHAR",
                    "optimizer.lr.total BIGINT", "optimizer.lr.warmup BIGINT", "optimizer.momentum DOUBLE",
                    "optimizer.name VARCHAR", "optimizer.nesterov BOOLEAN", "problem.dtype VARCHAR",
                    "problem.n BIGINT", "problem.name VARCHAR"), columns);
            // Run order: problem.n, then problem.dtype, then nesterov, then the zip's lr rows.
            try (ResultSet rs = s.executeQuery("SELECT run_index, \"problem.n\", \"problem.dtype\", "
                    + "\"optimizer.nesterov\", \"optimizer.lr\", \"optimizer.lr.peak\", grid_json, config_json FROM "
                    + "read_parquet('" + runs + "') ORDER BY run_index")) {
                int i = 0;
                while (rs.next()) {
                    assertEquals(i, rs.getInt(1));
                    assertEquals(i < 8 ? 2L : 3L, rs.getLong(2));
                    assertEquals(i % 8 < 4 ? "f64" : "f32", rs.getString(3));
                    assertEquals(i % 4 >= 2, rs.getBoolean(4));
                    double lr = rs.getDouble(5);
                    boolean lrNull = rs.wasNull();
                    double peak = rs.getDouble(6);
                    boolean peakNull = rs.wasNull();
                    if (i % 2 == 0) {
                        assertEquals(0.001, lr);
                        assertTrue(peakNull, "a number lr has no schedule columns");
                    } else {
                        assertTrue(lrNull, "a schedule lr leaves the number column empty");
                        assertEquals(0.002, peak);
                    }
                    String grid = rs.getString(7);
                    assertTrue(grid.contains("\"problem.n\":" + (i < 8 ? 2 : 3) + "}"), grid);
                    assertTrue(grid.contains("\"optimizers.sgd.nesterov\":" + (i % 4 >= 2)), grid);
                    String config = rs.getString(8);
                    assertTrue(config.startsWith("{\"doc\":{") && config.contains("\"max_steps\":3"), config);
                    i++;
                }
                assertEquals(8 * 2, i);
            }
        }
    }
}
