package dev.curvature.lab.catalog;

import dev.curvature.lab.spec.SpecNode;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Problem;
import dev.curvature.optim.Transform;
import dev.curvature.optim.TransformRegistry;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.run.MonitorRegistry;
import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.ScheduleRegistry;
import dev.curvature.problems.ProblemRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the components of an experiment spec from its nodes, through the registries of the other
 * modules: problems, optimizers and transforms, schedules, monitors. Every error is reported at the
 * node it concerns ({@code file:line:column: path: message}): the components validate their own
 * parameters and name the offending one, which is mapped back to its node.
 */
public final class Catalog {
    /** The message convention of {@link dev.curvature.optim.Check}: {@code owner: param ...}. */
    private static final Pattern PARAM = Pattern.compile("^[\\w .-]+: (\\w+)[ =]");

    static {
        // Monitors contributed by the spectral optimizers and the phase-retrieval problem.
        dev.curvature.optim.spectral.SpectralMonitors.register(MonitorRegistry.MONITORS);
        dev.curvature.problems.phase.PhaseMonitors.register(MonitorRegistry.MONITORS);
    }

    private Catalog() {}

    /** Ensures the static registrations above ran (for commands that read the registries directly). */
    public static void init() {
        // The class initializer does the work.
    }

    /** A problem: {@code {name: rosenbrock, n: 10, dtype: f64}}. */
    public static Problem problem(SpecNode node) {
        return build(ProblemRegistry.PROBLEMS, node, Set.of());
    }

    /** A monitor: {@code {name: param_norm, every: 10}} ({@code every} is read by the runner). */
    public static Monitor monitor(SpecNode node) {
        return build(MonitorRegistry.MONITORS, node, Set.of("every"));
    }

    /**
     * An optimizer: a registered optimizer or transform {@code {name: adamw, lr: 1e-3}}, a chain
     * {@code {chain: [..]}} or a route by block label {@code {route: {hidden: .., default: ..}}}.
     */
    public static Transform optimizer(SpecNode node) {
        if (!node.isMap()) {
            throw node.error("an optimizer is a mapping: {name: ...}, {chain: [...]} or {route: {...}}");
        }
        if (node.has("chain")) {
            node.allowOnly(List.of("chain"));
            List<SpecNode> items = node.get("chain").items();
            if (items.isEmpty()) {
                throw node.get("chain").error("a chain needs at least one transformation");
            }
            List<Transform> parts = new ArrayList<>();
            for (SpecNode item : items) {
                parts.add(optimizer(item));
            }
            return Transforms.chain(parts.toArray(Transform[]::new));
        }
        if (node.has("route")) {
            node.allowOnly(List.of("route"));
            SpecNode route = node.get("route");
            Map<String, Transform> byLabel = new LinkedHashMap<>();
            Transform fallback = null;
            for (Map.Entry<String, SpecNode> e : route.entries().entrySet()) {
                if (e.getKey().equals("default")) {
                    fallback = optimizer(e.getValue());
                } else {
                    byLabel.put(e.getKey(), optimizer(e.getValue()));
                }
            }
            try {
                return Transforms.route(byLabel, fallback);
            } catch (IllegalArgumentException ex) {
                throw route.error(ex.getMessage());
            }
        }
        String name = nameOf(node);
        if (OptimizerRegistry.contains(name)) {
            return build(OptimizerRegistry.OPTIMIZERS, node, Set.of());
        }
        if (TransformRegistry.TRANSFORMS.contains(name)) {
            return build(TransformRegistry.TRANSFORMS, node, Set.of());
        }
        throw node.get("name").error("unknown optimizer or transform '" + name + "' (optimizers: "
                + String.join(", ", OptimizerRegistry.OPTIMIZERS.names()) + "; transforms: "
                + String.join(", ", TransformRegistry.TRANSFORMS.names()) + ")");
    }

    /** A schedule: {@code {schedule: warmup_cosine, peak: 1e-3, warmup: 100, total: 1000}}. */
    public static Schedule schedule(SpecNode node) {
        SpecNode nameNode = node.get("schedule");
        Component<Schedule> c;
        try {
            c = ScheduleRegistry.SCHEDULES.get(nameNode.asString());
        } catch (IllegalArgumentException e) {
            throw nameNode.error(e.getMessage());
        }
        return create(c, node, params(node, Set.of("schedule")));
    }

    private static <T> T build(Registry<T> registry, SpecNode node, Set<String> extra) {
        String name = nameOf(node);
        Component<T> c;
        try {
            c = registry.get(name);
        } catch (IllegalArgumentException e) {
            throw node.get("name").error(e.getMessage());
        }
        Set<String> skip = new java.util.HashSet<>(extra);
        skip.add("name");
        return create(c, node, params(node, skip));
    }

    private static String nameOf(SpecNode node) {
        if (!node.isMap()) {
            throw node.error("expected a mapping with a 'name' field");
        }
        return node.get("name").asString();
    }

    /** The node's fields except {@code skip}, as values for a component (schedules built). */
    private static Map<String, Object> params(SpecNode node, Set<String> skip) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, SpecNode> e : node.entries().entrySet()) {
            if (!skip.contains(e.getKey())) {
                out.put(e.getKey(), value(e.getValue()));
            }
        }
        return out;
    }

    private static Object value(SpecNode v) {
        if (v.isMap() && v.has("schedule")) {
            return schedule(v);
        }
        if (v.isMap()) {
            throw v.error("expected a number, string, boolean, list or {schedule: ...}, got a mapping");
        }
        if (v.kind() == SpecNode.Kind.NULL) {
            throw v.error("a value is required (got null)");
        }
        return v.toValue();
    }

    private static <T> T create(Component<T> c, SpecNode node, Map<String, Object> params) {
        try {
            return c.create(params);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw errorAt(node, e.getMessage());
        }
    }

    /** The error at the field the message names, or at the component node. */
    private static RuntimeException errorAt(SpecNode node, String message) {
        Matcher m = PARAM.matcher(message == null ? "" : message);
        if (m.find()) {
            String param = m.group(1);
            if (node.isMap() && node.has(param)) {
                return node.get(param).error(message);
            }
        }
        Matcher unknown = Pattern.compile("unknown hyperparameter '(\\w+)'").matcher(message == null ? "" : message);
        if (unknown.find() && node.isMap() && node.has(unknown.group(1))) {
            return node.get(unknown.group(1)).error(message);
        }
        return node.error(message);
    }
}
