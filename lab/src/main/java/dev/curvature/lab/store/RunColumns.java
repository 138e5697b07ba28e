package dev.curvature.lab.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's configuration as exports present it: grid values and configuration as typed JSON
 * (numbers as numbers), and one flat column per hyperparameter ({@code optimizer.lr},
 * {@code problem.n}, a schedule's {@code optimizer.lr.peak}) and per grid path outside the problem
 * and the optimizers ({@code stop.max_steps}). The store keeps the text it always had (so results
 * stay comparable bit for bit and older results folders export the same way); the types come from
 * the stored spec.
 *
 * @param gridJson   the grid values, path → typed value
 * @param configJson the run's configuration: {@code doc} (the document, typed) and {@code optimizer}
 * @param flat       column → value (Long, Double, Boolean or String), sorted by column
 */
record RunColumns(String gridJson, String configJson, Map<String, Object> flat) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /**
     * The columns of {@code r}, a run of the spec whose document is {@code root} (its quick
     * variant for a quick run): the run's document is that one with the run's grid values put in,
     * typed as the spec wrote it (the stored text of a configuration does not quote its strings).
     * Without a spec ({@code root} null: a stored spec this version no longer reads) only the
     * grid values are typed and the configuration stays as stored.
     */
    static RunColumns of(RunRecord r, SpecNode root) {
        Map<String, Object> grid = new LinkedHashMap<>();
        SpecNode doc = root;
        for (Map.Entry<String, String> g : read(r.gridJson(), new TypeReference<Map<String, String>>() {}).entrySet()) {
            SpecNode value = node(g.getValue());
            grid.put(g.getKey(), value == null ? g.getValue() : value.toValue());
            if (value != null && doc != null) {
                doc = doc.with(g.getKey(), value, value);
            }
        }
        Map<String, Object> flat = new TreeMap<>();
        boolean specless = root == null;
        grid.forEach((path, v) -> {
            if (specless || !path.equals("problem") && !path.startsWith("problem.") && !path.startsWith("optimizers.")) {
                flatten(path, v, flat);
            }
        });
        if (doc == null) {
            return new RunColumns(write(grid), r.configJson(), flat);
        }
        doc = doc.without(PER_RUN_OMITTED);
        SpecNode optimizers = doc.get("optimizers");
        for (Map.Entry<String, SpecNode> o : optimizers.entries().entrySet()) {
            if (o.getValue().isMap()) {
                doc = doc.with("optimizers." + o.getKey(), o.getValue().without(ExperimentSpec.OWN_GRID), o.getValue());
            }
        }
        doc.get("optimizers").find(r.optimizer()).ifPresent(o -> flatten("optimizer", o.toValue(), flat));
        doc.find("problem").ifPresent(p -> flatten("problem", p.toValue(), flat));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("doc", doc.toValue());
        config.put("optimizer", r.optimizer());
        return new RunColumns(write(grid), write(config), flat);
    }

    /** The fields of a document that a run's configuration leaves out: their values are in the grid values. */
    private static final List<String> PER_RUN_OMITTED = List.of("grid", "zip", "quick");

    /** The spec value a stored value text stands for, or null when it does not parse as one. */
    private static SpecNode node(String text) {
        try {
            return SpecNode.parse(text, "stored value");
        } catch (SpecException e) {
            return null;
        }
    }

    /** Mappings become one column per leaf ({@code prefix.key}); lists stay whole, as JSON text. */
    private static void flatten(String prefix, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix + "." + k, v, out));
        } else if (value instanceof List<?>) {
            out.put(prefix, write(value));
        } else if (value != null) {
            out.put(prefix, value);
        }
    }

    /** The SQL type of a column holding {@code values}: BIGINT, DOUBLE or BOOLEAN where all fit, else VARCHAR. */
    static String sqlType(List<Object> values) {
        if (values.stream().allMatch(v -> v instanceof Long)) {
            return "BIGINT";
        }
        if (values.stream().allMatch(v -> v instanceof Number)) {
            return "DOUBLE";
        }
        return values.stream().allMatch(v -> v instanceof Boolean) ? "BOOLEAN" : "VARCHAR";
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the runs table: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
