package dev.curvature.lab.runner;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Planned runs that repeat another run exactly: the same optimizer with the same effective
 * configuration and seed. A top-level grid path into {@code optimizers.gd.*} is crossed with every
 * optimizer, so the runs of the others repeat once per value. The plan keeps them (the runs
 * stay as the spec declares them, with the indices and ids it has always given them, so results
 * folders and resumes do not shift); the warning says how many there are and how to avoid them.
 */
public final class DuplicateRuns {
    private DuplicateRuns() {}

    /** One warning line about the duplicate runs of {@code plans} and the grid paths that cause them; empty without any. */
    public static Optional<String> warning(List<RunPlan> plans) {
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        Set<String> causes = new TreeSet<>();
        for (RunPlan p : plans) {
            if (!seen.add(key(p))) {
                duplicates++;
                for (String path : p.grid().keySet()) {
                    String[] keys = path.split("\\.", -1);
                    if (keys.length > 2 && keys[0].equals("optimizers") && !keys[1].equals(p.optimizer())) {
                        causes.add(path);
                    }
                }
            }
        }
        if (duplicates == 0) {
            return Optional.empty();
        }
        List<String> moves = causes.stream().map(c -> c + " into " + c.split("\\.", -1)[1] + "'s own grid").toList();
        String fix = causes.isEmpty() ? "lower repeats or remove the repeated grid values"
                : "the top-level grid varies " + String.join(", ", causes) + " for every optimizer: move "
                + String.join(" and ", moves) + " (optimizers: {LABEL: {name: ..., grid: {lr: [...]}}}; see docs/spec.md)";
        return Optional.of("warning: " + duplicates + " of the " + plans.size() + " planned runs repeat another run "
                + "exactly (same optimizer, configuration and seed) and will be run anyway; " + fix);
    }

    /** What decides a run's result: its optimizer's label and entry, every other field that configures it, and its seed. */
    private static String key(RunPlan p) {
        StringBuilder sb = new StringBuilder(p.optimizer()).append('\u0000').append(p.seed());
        for (Map.Entry<String, SpecNode> e : p.doc().entries().entrySet()) {
            String field = e.getKey();
            if (field.equals("optimizers")) {
                sb.append('\u0000').append(e.getValue().get(p.optimizer()).render());
            } else if (!ExperimentSpec.FIXED.contains(field) || field.equals("seed")) {
                sb.append('\u0000').append(field).append('=').append(e.getValue().render());
            }
        }
        return sb.toString();
    }
}
