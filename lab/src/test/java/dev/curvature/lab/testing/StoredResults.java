package dev.curvature.lab.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.curvature.lab.store.ResultStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything an experiment stored, in a form that compares bitwise: each metric row as
 * {@code run|step|metric|raw bits of the value}, each run as its reproducible columns (status,
 * stop reason, steps, raw bits of the final values, seed, configuration; not the wall time, backend
 * description or JDK), and the store's own {@link ResultStore#resultDigest digest}.
 */
public record StoredResults(List<String> metrics, List<String> runs, String digest) {

    /** Reads the results of {@code experiment} in {@code dir} (read-only). */
    public static StoredResults read(Path dir, String experiment) throws IOException, SQLException {
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            List<String> metrics = new ArrayList<>();
            for (Map<String, Object> r : store.query("SELECT m.run_id, m.step, m.metric, m.value FROM metrics m "
                    + "JOIN runs r ON m.run_id = r.run_id WHERE r.experiment = ? ORDER BY m.run_id, m.step, m.metric",
                    experiment)) {
                metrics.add(r.get("run_id") + "|" + r.get("step") + "|" + r.get("metric") + "|" + bits(r.get("value")));
            }
            List<String> runs = new ArrayList<>();
            for (Map<String, Object> r : store.query("SELECT run_id, run_index, optimizer, repeat, seed, grid_json, "
                    + "config_json, spec_hash, status, stop_reason, steps, final_loss, final_grad_norm, error "
                    + "FROM runs WHERE experiment = ? ORDER BY run_index", experiment)) {
                runs.add(r.get("run_id") + "|" + r.get("run_index") + "|" + r.get("optimizer") + "|" + r.get("repeat")
                        + "|" + r.get("seed") + "|" + r.get("grid_json") + "|" + r.get("config_json") + "|"
                        + r.get("spec_hash") + "|" + r.get("status") + "|" + r.get("stop_reason") + "|" + r.get("steps")
                        + "|" + bits(r.get("final_loss")) + "|" + bits(r.get("final_grad_norm")) + "|" + r.get("error"));
            }
            return new StoredResults(List.copyOf(metrics), List.copyOf(runs), store.resultDigest(experiment));
        }
    }

    private static String bits(Object v) {
        if (v == null) {
            return "null";
        }
        double d = ((Number) v).doubleValue();
        return Long.toHexString(Double.doubleToRawLongBits(d)) + "(" + d + ")";
    }

    /** The number of runs with status done or diverged. */
    public long finished() {
        return runs.stream().filter(r -> r.contains("|done|") || r.contains("|diverged|")).count();
    }

    /** Fails unless {@code actual} holds bitwise the same results; names the first difference. */
    public static void assertSameResults(StoredResults expected, StoredResults actual, String what) {
        diff(expected.runs, actual.runs, what + ": runs table");
        diff(expected.metrics, actual.metrics, what + ": metric rows");
        if (!expected.digest.equals(actual.digest)) {
            fail(what + ": result digest " + actual.digest + " != " + expected.digest);
        }
    }

    /** Fails unless every stored metric row of {@code partial} is also a row of {@code complete}. */
    public static void assertPrefixOf(StoredResults complete, StoredResults partial, String what) {
        java.util.Set<String> all = new java.util.HashSet<>(complete.metrics);
        for (String row : partial.metrics) {
            if (!all.contains(row)) {
                fail(what + ": stored row " + row + " is not a row of the uninterrupted run");
            }
        }
    }

    private static void diff(List<String> expected, List<String> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(what + " differ at row " + i + ":\n  expected " + expected.get(i) + "\n  actual   " + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            fail(what + ": " + actual.size() + " rows, expected " + expected.size() + " (first extra or missing: "
                    + (actual.size() > n ? actual.get(n) : expected.get(n)) + ")");
        }
    }
}
