package dev.curvature.lab.catalog;

import dev.curvature.diagnostics.DiagnosticMonitors;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.nn.NnRegistry;
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
    /** The message convention of {@link dev.curvature.optim.Check}: {@code owner: param = value ...}. */
    private static final Pattern PARAM = Pattern.compile("^([^:]+): (\\w+)( = .*| .*)$", Pattern.DOTALL);

    static {
        // The curvature monitors live in the diagnostics module, which optim cannot see.
        DiagnosticMonitors.registerAll();
    }

    static {
        // The model monitors live in the nn module, which optim cannot see.
        NnRegistry.registerMonitors();
    }

    static {
        // Monitors contributed by the spectral optimizers and the phase-retrieval problem.
        dev.curvature.optim.spectral.SpectralMonitors.register(MonitorRegistry.MONITORS);
        dev.curvature.problems.phase.PhaseMonitors.register(MonitorRegistry.MONITORS);
    }

    private Catalog() {}

    /** The registries of problems a spec can name: the classic problems, then the network models. */
    public static List<Registry<Problem>> problemRegistries() {
        return List.of(ProblemRegistry.PROBLEMS, NnRegistry.PROBLEMS);
    }

    /** The monitors a spec can name, the model monitors included. */
    public static Registry<Monitor> monitors() {
        return MonitorRegistry.MONITORS;
    }

    /** Ensures the static registrations above ran (for commands that read the registries directly). */
    public static void init() {
        // The class initializer does the work.
    }

    /**
     * A problem: {@code {name: rosenbrock, n: 10, dtype: f64}} or a network model
     * {@code {name: char_transformer, text: moby-dick, layers: 2}}.
     */
    public static Problem problem(SpecNode node) {
        if (node.isMap() && node.has("name")) {
            String name = node.get("name").asString();
            for (Registry<Problem> r : problemRegistries()) {
                if (r.contains(name)) {
                    return build(r, node, "a problem", List.of("name"), false);
                }
            }
            List<String> known = new ArrayList<>();
            problemRegistries().forEach(r -> known.addAll(r.names()));
            throw node.get("name").error("unknown problem '" + name + "'" + SpecNode.suggest(name, known)
                    + " (known problems: " + String.join(", ", known) + ")");
        }
        return build(ProblemRegistry.PROBLEMS, node, "a problem", List.of("name"), false);
    }

    /** True when an optimizer or transform of this name is registered. */
    public static boolean hasOptimizer(String name) {
        return OptimizerRegistry.contains(name) || TransformRegistry.TRANSFORMS.contains(name);
    }

    /** A monitor: {@code {name: param_norm, every: 10}} ({@code every} is read by the runner). */
    public static Monitor monitor(SpecNode node) {
        return build(monitors(), node, "a monitor", List.of("name", "every"), false);
    }

    /**
     * An optimizer: a registered optimizer or transform {@code {name: adamw, lr: 1e-3}}, a chain
     * {@code {chain: [..]}} or a route by block label {@code {route: {hidden: .., default: ..}}}.
     */
    public static Transform optimizer(SpecNode node) {
        if (!node.isMap()) {
            throw node.error("an optimizer is a mapping {name: ...}, {chain: [...]} or {route: {...}}, got "
                    + node.describe());
        }
        if (node.has("chain")) {
            node.allowOnly(List.of("chain"), "a chain");
            SpecNode chain = node.get("chain");
            if (!chain.isList()) {
                throw chain.error("a chain is a list of transforms or optimizers [{name: ...}, ...], got "
                        + chain.describe());
            }
            List<SpecNode> items = chain.items();
            if (items.isEmpty()) {
                throw chain.error("a chain needs at least one transformation");
            }
            List<Transform> parts = new ArrayList<>();
            for (SpecNode item : items) {
                parts.add(optimizer(item));
            }
            return Transforms.chain(parts.toArray(Transform[]::new));
        }
        if (node.has("route")) {
            node.allowOnly(List.of("route"), "a route");
            SpecNode route = node.get("route");
            if (!route.isMap()) {
                throw route.error("a route maps block labels (and 'default' for the other blocks) to optimizers, got "
                        + route.describe());
            }
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
        if (!node.has("name")) {
            throw node.error("an optimizer needs 'name' (see `curvature list optimizers` and `curvature list "
                    + "transforms`), 'chain' (a list) or 'route' (block label -> optimizer)");
        }
        SpecNode nameNode = node.get("name");
        String name = nameNode.asString();
        if (OptimizerRegistry.contains(name)) {
            return build(OptimizerRegistry.OPTIMIZERS, node, "an optimizer", List.of("name"), true);
        }
        if (TransformRegistry.TRANSFORMS.contains(name)) {
            return build(TransformRegistry.TRANSFORMS, node, "a transform", List.of("name"), true);
        }
        List<String> all = new ArrayList<>(OptimizerRegistry.OPTIMIZERS.names());
        all.addAll(TransformRegistry.TRANSFORMS.names());
        throw nameNode.error("unknown optimizer or transform '" + name + "'" + SpecNode.suggest(name, all)
                + " (optimizers: " + String.join(", ", OptimizerRegistry.OPTIMIZERS.names()) + "; transforms: "
                + String.join(", ", TransformRegistry.TRANSFORMS.names()) + ")");
    }

    /**
     * Checks that every route without a {@code default} inside an optimizer node handles each block
     * label of {@code problem}; otherwise the run would fail when it starts.
     */
    public static void checkRoutes(SpecNode node, Problem problem) {
        if (!node.isMap()) {
            return;
        }
        if (node.has("chain") && node.get("chain").isList()) {
            node.get("chain").items().forEach(item -> checkRoutes(item, problem));
        }
        if (node.has("route") && node.get("route").isMap()) {
            SpecNode route = node.get("route");
            route.entries().values().forEach(item -> checkRoutes(item, problem));
            if (!route.has("default")) {
                Set<String> labels = new java.util.LinkedHashSet<>();
                for (Blocks.Block b : problem.initialPoint(RandomStream.of(0))) {
                    labels.add(b.label());
                }
                for (String label : labels) {
                    if (!route.has(label)) {
                        throw route.error("no optimizer for the blocks labelled '" + label + "' of problem '"
                                + problem.name() + "' (its labels: " + String.join(", ", labels)
                                + "); add that label or 'default'");
                    }
                }
            }
        }
    }

    /** A schedule: {@code {schedule: warmup_cosine, peak: 1e-3, warmup: 100, total: 1000}}. */
    public static Schedule schedule(SpecNode node) {
        SpecNode nameNode = node.get("schedule");
        Component<Schedule> c = component(ScheduleRegistry.SCHEDULES, nameNode);
        check(c, node, List.of("schedule"), false);
        return create(c, node, params(node, Set.of("schedule")));
    }

    private static <T> T build(Registry<T> registry, SpecNode node, String what, List<String> fixed,
                               boolean schedulable) {
        if (!node.isMap()) {
            throw node.error(what + " is a mapping {name: ..., ...}, got " + node.describe());
        }
        Component<T> c = component(registry, node.get("name", "one of: " + String.join(", ", registry.names())));
        check(c, node, fixed, schedulable);
        return create(c, node, params(node, Set.copyOf(fixed)));
    }

    /** The component named by {@code nameNode}; an unknown name suggests the closest and lists all. */
    private static <T> Component<T> component(Registry<T> registry, SpecNode nameNode) {
        String name = nameNode.asString();
        if (!registry.contains(name)) {
            String kind = registry.kind();
            throw nameNode.error("unknown " + kind.substring(0, kind.length() - 1) + " '" + name + "'"
                    + SpecNode.suggest(name, registry.names()) + " (known " + kind + ": "
                    + String.join(", ", registry.names()) + ")");
        }
        return registry.get(name);
    }

    /**
     * The fields of a component node against its defaults: no unknown field, every required one
     * present, each of the type its default implies ({@link ParamType}).
     */
    private static void check(Component<?> c, SpecNode node, List<String> fixed, boolean schedulable) {
        List<String> allowed = new ArrayList<>(fixed);
        allowed.addAll(c.defaults().keySet());
        node.allowOnly(allowed, c.name());
        for (Map.Entry<String, Object> d : c.defaults().entrySet()) {
            if (d.getValue() instanceof Hyperparameters.Required r && !node.has(d.getKey())) {
                throw node.error(c.name() + ": missing required field '" + d.getKey() + "' (" + r.type() + ")");
            }
        }
        for (Map.Entry<String, SpecNode> e : node.entries().entrySet()) {
            if (fixed.contains(e.getKey())) {
                continue;
            }
            ParamType type = ParamType.of(c.defaults().get(e.getKey()), schedulable);
            SpecNode v = e.getValue();
            if (!type.accepts(v)) {
                String got = v.isMap() && type == ParamType.NUMBER_OR_SCHEDULE ? "a mapping without a 'schedule' field"
                        : v.kind() == SpecNode.Kind.NUMBER && type == ParamType.INTEGER ? v.render() : v.describe();
                throw v.error(c.name() + ": " + e.getKey() + " must be " + type.description() + ", got " + got);
            }
        }
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
            throw errorAt(c, node, params, e.getMessage());
        }
    }

    /**
     * The error at the field that caused it, phrased as {@code component: field = value ...}. The
     * field is the one the message names when the node has it; otherwise the first given field
     * whose default makes the error go away or change (a parameter passed on under another name,
     * such as sgd's momentum checked as beta); otherwise the component node.
     */
    private static SpecException errorAt(Component<?> c, SpecNode node, Map<String, Object> params, String message) {
        String msg = message == null || message.isBlank() ? c.name() + ": invalid parameters" : message;
        Matcher m = PARAM.matcher(msg);
        String culprit = m.matches() && params.containsKey(m.group(2)) ? m.group(2) : null;
        if (culprit == null) {
            for (String p : params.keySet()) {
                Object d = c.defaults().get(p);
                if (d == null || d instanceof Hyperparameters.Required) {
                    continue;
                }
                Map<String, Object> reverted = new LinkedHashMap<>(params);
                reverted.remove(p);
                String other;
                try {
                    c.create(reverted);
                    other = null;
                } catch (RuntimeException e) {
                    other = e.getMessage();
                }
                if (!msg.equals(other)) {
                    culprit = p;
                    break;
                }
            }
        }
        if (culprit == null) {
            return node.error(msg.startsWith(c.name() + ":") ? msg : c.name() + ": " + msg);
        }
        if (m.matches() && (m.group(3).startsWith(" = ") || m.group(2).equals(culprit))) {
            msg = c.name() + ": " + culprit + m.group(3);
        } else if (!msg.startsWith(c.name() + ":")) {
            msg = c.name() + ": " + culprit + ": " + msg;
        }
        return node.get(culprit).error(msg);
    }
}
