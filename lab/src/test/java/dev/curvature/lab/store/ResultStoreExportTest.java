package dev.curvature.lab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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
 * Known runs, metric rows (with NaN, ±∞ and values that need all 17 digits) and events go into a
 * store; its CSV export is parsed here and its Parquet export is read back through DuckDB's
 * {@code read_parquet} in a connection of its own, and both must hold exactly what was written.
 */
class ResultStoreExportTest {
    @TempDir
    Path dir;

    static final String EXPERIMENT = "exp";
    /** Eleven runs, so that run_index order (0, 1, …, 10) differs from run_id text order (exp/0, exp/1, exp/10, …). */
    static final int RUNS = 11;
    static final double THIRD = 1.0 / 3.0;

    /** Run 0 logs loss and grad_norm at steps 0..2; run 10 logs loss at step 5; the others log nothing. */
    static final long[] STEPS = {0, 0, 1, 1, 2, 2};
    static final String[] NAMES = {"loss", "grad_norm", "loss", "grad_norm", "loss", "grad_norm"};
    static final double[] VALUES = {THIRD, 1e-300, Double.NaN, Double.POSITIVE_INFINITY, -0.1,
            Double.NEGATIVE_INFINITY};
    static final String PAYLOAD = "{\"note\": \"a, \\\"quoted\\\" value\"}";

    private void fill(ResultStore store) throws Exception {
        store.beginExperiment(EXPERIMENT, "hash", "name: exp\n");
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(RunRecord.pending(EXPERIMENT + "/" + i, EXPERIMENT, i, i % 2 == 0 ? "gd" : "adam", i % 3,
                    1000L + i, "{\"problem.n\":\"" + i + "\"}", "{}", "hash"));
        }
        store.registerRuns(runs);
        store.commit(List.of(
                new ResultStore.RunBatch(EXPERIMENT + "/0", -1, new ResultStore.MetricRows(STEPS, NAMES, VALUES, 6),
                        List.of(new ResultStore.Event(1, "escape", PAYLOAD)),
                        new ResultStore.RunState(RunStatus.DONE, "max_steps", 3, 0.25, Double.NaN, 17, null, "cpu", "25")),
                new ResultStore.RunBatch(EXPERIMENT + "/10", -1,
                        new ResultStore.MetricRows(new long[] {5}, new String[] {"loss"}, new double[] {2.5}, 1),
                        List.of(), new ResultStore.RunState(RunStatus.DIVERGED, "diverged", 5, Double.POSITIVE_INFINITY,
                                7.0, 3, "f = inf", "cpu", "25"))));
    }

    @Test
    void csvExportHoldsEveryRowWithItsValuesAndAHeader() throws Exception {
        try (ResultStore store = ResultStore.open(dir)) {
            fill(store);
            store.exportCsv(dir.resolve("export"));
        }
        Path out = dir.resolve("export");
        List<List<String>> runs = Csv.read(out.resolve("runs.csv"));
        assertEquals(List.of("run_id", "experiment", "run_index", "optimizer", "repeat", "seed", "grid_json",
                "config_json", "spec_hash", "status", "stop_reason", "steps", "final_loss", "final_grad_norm",
                "backend", "jdk", "elapsed_ms", "error", "problem.n"), runs.get(0));
        assertEquals(RUNS + 1, runs.size(), "header and one row per run");
        for (int i = 0; i < RUNS; i++) {
            List<String> r = runs.get(i + 1);
            assertEquals(EXPERIMENT + "/" + i, r.get(0), "rows in run_index order");
            assertEquals(String.valueOf(i), r.get(2));
            assertEquals(i % 2 == 0 ? "gd" : "adam", r.get(3));
            assertEquals(String.valueOf(1000 + i), r.get(5));
            assertEquals("{\"problem.n\":" + i + "}", r.get(6), "typed JSON with quotes survives quoting");
            assertEquals(String.valueOf(i), r.get(18), "the grid path as a column of its own");
        }
        List<String> done = runs.get(1);
        assertEquals("done", done.get(9));
        assertEquals("max_steps", done.get(10));
        assertEquals(0.25, Double.parseDouble(done.get(12)));
        assertEquals("", done.get(13), "a NaN final value is stored as null, an empty cell");
        List<String> diverged = runs.get(RUNS);
        assertEquals("diverged", diverged.get(9));
        assertEquals(Double.POSITIVE_INFINITY, Csv.number(diverged.get(12)));
        assertEquals("f = inf", diverged.get(17));
        assertEquals("pending", runs.get(2).get(9));
        assertEquals("", runs.get(2).get(12), "a pending run has no final loss");

        List<List<String>> metrics = Csv.read(out.resolve("metrics.csv"));
        assertEquals(List.of("run_id", "step", "metric", "value"), metrics.get(0));
        assertEquals(6 + 1 + 1, metrics.size(), "header and every metric row, the last one included");
        for (int i = 0; i < 6; i++) {
            List<String> r = find(metrics, EXPERIMENT + "/0", STEPS[i], NAMES[i]);
            assertEquals(Double.doubleToLongBits(VALUES[i]), Double.doubleToLongBits(Csv.number(r.get(3))),
                    NAMES[i] + " at step " + STEPS[i] + ": cell '" + r.get(3) + "'");
        }
        assertEquals(2.5, Csv.number(find(metrics, EXPERIMENT + "/10", 5, "loss").get(3)));
        for (int i = 2; i < metrics.size(); i++) {
            List<String> a = metrics.get(i - 1);
            List<String> b = metrics.get(i);
            int c = a.get(0).compareTo(b.get(0));
            int s = c != 0 ? 0 : Long.compare(Long.parseLong(a.get(1)), Long.parseLong(b.get(1)));
            assertTrue(c < 0 || c == 0 && (s < 0 || s == 0 && a.get(2).compareTo(b.get(2)) < 0),
                    "ordered by run, step and metric (a total order, so exports are reproducible): " + a + " then " + b);
        }

        List<List<String>> events = Csv.read(out.resolve("events.csv"));
        assertEquals(List.of(List.of("run_id", "step", "kind", "payload_json"),
                List.of(EXPERIMENT + "/0", "1", "escape", PAYLOAD)), events);
        try (var files = Files.list(out)) {
            assertEquals(List.of("events.csv", "metrics.csv", "runs.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    private static List<String> find(List<List<String>> rows, String run, long step, String metric) {
        List<List<String>> hits = rows.stream().filter(r -> r.get(0).equals(run) && r.get(1).equals(String.valueOf(step))
                && r.get(2).equals(metric)).toList();
        assertEquals(1, hits.size(), run + " " + metric + " at " + step + ": " + hits);
        return hits.get(0);
    }

    @Test
    void parquetExportReadsBackWithTheSameTypesAndBitwiseValues() throws Exception {
        try (ResultStore store = ResultStore.open(dir)) {
            fill(store);
            store.exportParquet(dir.resolve("export"));
        }
        Path out = dir.resolve("export");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            assertEquals(List.of("run_id VARCHAR", "experiment VARCHAR", "run_index INTEGER", "optimizer VARCHAR",
                    "repeat INTEGER", "seed BIGINT", "grid_json VARCHAR", "config_json VARCHAR", "spec_hash VARCHAR",
                    "status VARCHAR", "stop_reason VARCHAR", "steps BIGINT", "final_loss DOUBLE",
                    "final_grad_norm DOUBLE", "backend VARCHAR", "jdk VARCHAR", "elapsed_ms BIGINT", "error VARCHAR",
                    "problem.n BIGINT"),
                    columns(s, out.resolve("runs.parquet")));
            assertEquals(List.of("run_id VARCHAR", "step BIGINT", "metric VARCHAR", "value DOUBLE"),
                    columns(s, out.resolve("metrics.parquet")));
            assertEquals(List.of("run_id VARCHAR", "step BIGINT", "kind VARCHAR", "payload_json VARCHAR"),
                    columns(s, out.resolve("events.parquet")));

            try (ResultSet rs = s.executeQuery("SELECT run_id, run_index, seed, status, final_loss, final_grad_norm, "
                    + "error FROM read_parquet('" + out.resolve("runs.parquet") + "')")) {
                int i = 0;
                while (rs.next()) {
                    assertEquals(EXPERIMENT + "/" + i, rs.getString(1), "rows in run_index order");
                    assertEquals(i, rs.getInt(2));
                    assertEquals(1000L + i, rs.getLong(3));
                    String status = rs.getString(4);
                    double loss = rs.getDouble(5);
                    boolean lossNull = rs.wasNull();
                    double grad = rs.getDouble(6);
                    boolean gradNull = rs.wasNull();
                    if (i == 0) {
                        assertEquals("done", status);
                        assertEquals(0.25, loss);
                        assertTrue(gradNull, "NaN final grad norm is null");
                    } else if (i == RUNS - 1) {
                        assertEquals("diverged", status);
                        assertEquals(Double.POSITIVE_INFINITY, loss);
                        assertEquals(7.0, grad);
                        assertEquals("f = inf", rs.getString(7));
                    } else {
                        assertEquals("pending", status);
                        assertTrue(lossNull && gradNull);
                        assertNull(rs.getString(7));
                    }
                    i++;
                }
                assertEquals(RUNS, i);
            }
            try (ResultSet rs = s.executeQuery("SELECT run_id, step, metric, value FROM read_parquet('"
                    + out.resolve("metrics.parquet") + "') ORDER BY run_id, step, metric")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getString(3) + "|"
                            + Long.toHexString(Double.doubleToLongBits(rs.getDouble(4))));
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    expected.add(EXPERIMENT + "/0|" + STEPS[i] + "|" + NAMES[i] + "|"
                            + Long.toHexString(Double.doubleToLongBits(VALUES[i])));
                }
                expected.add(EXPERIMENT + "/10|5|loss|" + Long.toHexString(Double.doubleToLongBits(2.5)));
                expected.sort(null);
                assertEquals(expected, rows);
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM read_parquet('" + out.resolve("events.parquet") + "')")) {
                assertTrue(rs.next());
                assertArrayEquals(new Object[] {EXPERIMENT + "/0", 1L, "escape", PAYLOAD},
                        new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)});
                assertTrue(!rs.next(), "one event");
            }
        }
    }

    @Test
    void exportingAgainReplacesTheFilesWithTheCurrentRows() throws Exception {
        try (ResultStore store = ResultStore.open(dir)) {
            fill(store);
            store.exportCsv(dir.resolve("export"));
            store.commit(List.of(new ResultStore.RunBatch(EXPERIMENT + "/3", -1,
                    new ResultStore.MetricRows(new long[] {9}, new String[] {"loss"}, new double[] {4.0}, 1), List.of(),
                    null)));
            store.exportCsv(dir.resolve("export"));
        }
        List<List<String>> metrics = Csv.read(dir.resolve("export").resolve("metrics.csv"));
        assertEquals(6 + 1 + 1 + 1, metrics.size());
        assertEquals(4.0, Csv.number(find(metrics, EXPERIMENT + "/3", 9, "loss").get(3)));
    }

    private static List<String> columns(Statement s, Path parquet) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + parquet + "')")) {
            while (rs.next()) {
                out.add(rs.getString("column_name") + " " + rs.getString("column_type"));
            }
        }
        return out;
    }
}
