package dev.curvature.lab.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curvature.lab.runner.StoredRuns;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored results of one experiment, grouped the way reports and analyses read them: by grid
 * point (the values that define a configuration), then by optimizer label, each with its repeats.
 */
public final class ExperimentData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResultStore store;
    private final String experiment;
    private final List<RunRecord> runs;
    private final Map<String, Double> parameters;
    /** The runs planned again from the stored spec; read on first use (synthetic stores in tests have none). */
    private StoredRuns stored;

    public ExperimentData(ResultStore store, String experiment) throws SQLException {
        this(store, experiment, Map.of());
    }

    /** @param parameters the analysis parameters the spec sets ({@code analysis: {name: ..., PARAMETER: value}}) */
    public ExperimentData(ResultStore store, String experiment, Map<String, Double> parameters) throws SQLException {
        this.store = store;
        this.experiment = experiment;
        this.runs = store.runs(experiment);
        this.parameters = Map.copyOf(parameters);
    }

    /** The analysis parameter {@code name} as the spec sets it, or {@code fallback} when it does not. */
    public double parameter(String name, double fallback) {
        return parameters.getOrDefault(name, fallback);
    }

    /** The experiment name. */
    public String experiment() {
        return experiment;
    }

    /** The store. */
    public ResultStore store() {
        return store;
    }

    /** All runs, by index. */
    public List<RunRecord> runs() {
        return runs;
    }

    /** The grid values of a run (path → value text). */
    public static Map<String, String> grid(RunRecord r) {
        try {
            return JSON.readValue(r.gridJson(), new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("corrupt grid_json of " + r.runId() + ": " + e.getMessage(), e);
        }
    }

    /** The grid values of a run, typed. */
    public static GridValues gridValues(RunRecord r) {
        return new GridValues(r.runId(), grid(r));
    }

    /**
     * The document of a run's grid point as the runner planned it from the stored spec (its quick
     * variant for a --quick run): the run's whole configuration, typed.
     */
    public SpecNode doc(RunRecord r) throws SQLException {
        return storedRuns().plan(r).doc();
    }

    /** The configuration of a run's optimizer ({@code optimizers.LABEL} of {@link #doc}). */
    public SpecNode optimizer(RunRecord r) throws SQLException {
        return doc(r).get("optimizers").get(r.optimizer());
    }

    /** The runs planned again from the stored spec, to read their configuration or run them again. */
    public synchronized StoredRuns storedRuns() throws SQLException {
        if (stored == null) {
            stored = StoredRuns.of(store, experiment);
        }
        return stored;
    }

    /** Runs grouped by grid point (in run order), then by optimizer label. */
    public Map<Map<String, String>, Map<String, List<RunRecord>>> byGridPoint() {
        Map<Map<String, String>, Map<String, List<RunRecord>>> out = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            out.computeIfAbsent(grid(r), g -> new LinkedHashMap<>())
                    .computeIfAbsent(r.optimizer(), o -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /**
     * The grid values that vary a run: its own optimizer's ({@code optimizers.LABEL.*}) and the
     * paths outside {@code optimizers}; a top-level grid path into another optimizer leaves this
     * run as it is, so it is not part of its configuration.
     */
    public static Map<String, String> configuration(RunRecord r) {
        Map<String, String> own = new LinkedHashMap<>();
        grid(r).forEach((path, v) -> {
            if (!path.startsWith("optimizers.") || path.startsWith("optimizers." + r.optimizer() + ".")
                    || path.equals("optimizers." + r.optimizer())) {
                own.put(path, v);
            }
        });
        return own;
    }

    /**
     * Runs grouped by {@link #configuration} (in run order), then by optimizer label: the groups
     * of the report's summary and curves. Runs that repeat another exactly fall together, and the
     * optimizers share a group where no grid value of their own sets them apart.
     */
    public Map<Map<String, String>, Map<String, List<RunRecord>>> byConfiguration() {
        Map<Map<String, String>, Map<String, List<RunRecord>>> out = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            out.computeIfAbsent(configuration(r), g -> new LinkedHashMap<>())
                    .computeIfAbsent(r.optimizer(), o -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The seed band of a metric over a group of runs. */
    public SeedBand band(String label, List<RunRecord> group, String metric) throws SQLException {
        return SeedBand.of(label, series(group, metric));
    }

    /**
     * The seed band of a metric over a group of runs, for drawing: computed by the store (see
     * {@link ResultStore#stepStatistics}) instead of from every run's rows as {@link #band} does;
     * equal to it up to the rounding of the median.
     */
    public SeedBand drawnBand(String label, List<RunRecord> group, String metric) throws SQLException {
        double[][] s = store.stepStatistics(group.stream().map(RunRecord::runId).toList(), metric);
        return new SeedBand(label, s[0], s[1], s[2], s[3], group.size());
    }

    /** One metric of one run as {steps, values}. */
    public double[][] series(RunRecord r, String metric) throws SQLException {
        return store.series(r.runId(), metric);
    }

    /** One metric of each of {@code runs}, as {steps, values} in the order of {@code runs}, read in one query. */
    public List<double[][]> series(List<RunRecord> runs, String metric) throws SQLException {
        Map<String, double[][]> byId = store.series(runs.stream().map(RunRecord::runId).toList(), metric);
        return runs.stream().map(r -> byId.get(r.runId())).toList();
    }

    /** The metric names logged in this experiment. */
    public List<String> metrics() throws SQLException {
        return store.metricNames(experiment);
    }

    /** A readable label of a grid point, e.g. {@code problem.n=10, optimizers.adam.lr=0.01}. */
    public static String label(Map<String, String> grid) {
        if (grid.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        grid.forEach((k, v) -> sb.append(sb.length() > 0 ? ", " : "").append(k).append('=').append(v));
        return sb.toString();
    }
}
