package dev.curvature.lab.report;

import dev.curvature.lab.spec.SpecNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The grid values of a run (its {@code grid_json}: spec path → value as the spec writes it), read
 * as typed values: a number, a text, or a whole spec value such as a problem mapping.
 *
 * @param runId  the run they belong to, for messages
 * @param values path → value text, in grid order
 */
public record GridValues(String runId, Map<String, String> values) {

    public GridValues {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** True when the grid sets {@code path}. */
    public boolean has(String path) {
        return values.containsKey(path);
    }

    /** The value text at {@code path}, if the grid sets it. */
    public Optional<String> find(String path) {
        return Optional.ofNullable(values.get(path));
    }

    /** The value text at {@code path}. */
    public String text(String path) {
        return find(path).orElseThrow(() -> missing(path));
    }

    /** The value text at {@code path}, or {@code fallback} when the grid does not set it. */
    public String text(String path, String fallback) {
        return values.getOrDefault(path, fallback);
    }

    /** The number at {@code path}. */
    public double number(String path) {
        return parse(path, text(path));
    }

    /** The number at {@code path}, or {@code fallback} when the grid does not set it. */
    public double number(String path, double fallback) {
        String v = values.get(path);
        return v == null ? fallback : parse(path, v);
    }

    /** The value at {@code path} as a spec node (a mapping, a list or a scalar), if the grid sets it. */
    public Optional<SpecNode> node(String path) {
        return find(path).map(v -> SpecNode.parse(v, "grid value " + path + " of run " + runId));
    }

    private double parse(String path, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("run " + runId + ": grid value " + path + " = '" + v + "' is not a number",
                    e);
        }
    }

    private IllegalStateException missing(String path) {
        return new IllegalStateException("run " + runId + " has no grid value '" + path + "' (grid: " + values + ")");
    }
}
