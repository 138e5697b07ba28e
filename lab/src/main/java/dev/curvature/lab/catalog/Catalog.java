package dev.curvature.lab.catalog;

import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.core.Limit;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Problem;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the components of an experiment spec from its nodes, through the standard registries
 * ({@link Registries#standard()}): problems, optimizers and transforms, schedules, monitors. Every
 * error is reported at the node it concerns ({@code file:line:column: path: message}): the fields
 * are checked against the components' declared parameters ({@link Param}), and a value the
 * component rejects is reported at the field its {@link HyperparameterException} names.
 */
public final class Catalog {
    private Catalog() {}

    private static Registries registries() {
        return Registries.standard();
    }

    /**
     * A problem: {@code {name: rosenbrock, n: 10, dtype: f64}} or a network model
     * {@code {name: char_transformer, text: moby-dick, layers: 2}}.
     */
    public static Problem problem(SpecNode node) {
        return build(registries().problems(), node, "a problem", List.of("name"));
    }

    /** True when an optimizer or transform of this name is registered. */
    public static boolean hasOptimizer(String name) {
        return registries().optimizers().contains(name) || registries().transforms().contains(name);
    }

    /** A monitor: {@code {name: param_norm, every: 10}} ({@code every} is read by the runner). */
    public static Monitor monitor(SpecNode node) {
        return build(registries().monitors(), node, "a monitor", List.of("name", "every"));
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
        Registry<Transform> optimizers = registries().optimizers();
        Registry<Transform> transforms = registries().transforms();
        if (optimizers.contains(name)) {
            return build(optimizers, node, "an optimizer", List.of("name"));
        }
        if (transforms.contains(name)) {
            return build(transforms, node, "a transform", List.of("name"));
        }
        List<String> all = new ArrayList<>(optimizers.names());
        all.addAll(transforms.names());
        throw nameNode.error("unknown optimizer or transform '" + name + "'" + SpecNode.suggest(name, all)
                + " (optimizers: " + String.join(", ", optimizers.names()) + "; transforms: "
                + String.join(", ", transforms.names()) + ")");
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
        Component<Schedule> c = component(registries().schedules(), nameNode);
        check(c, node, List.of("schedule"));
        return create(c, node, params(node, Set.of("schedule")));
    }

    private static <T> T build(Registry<T> registry, SpecNode node, String what, List<String> fixed) {
        if (!node.isMap()) {
            throw node.error(what + " is a mapping {name: ..., ...}, got " + node.describe());
        }
        Component<T> c = component(registry, node.get("name", "one of: " + String.join(", ", registry.names())));
        check(c, node, fixed);
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
     * The fields of a component node against its declared parameters: no unknown field, every
     * required one present, each of its declared kind (a schedule only where it is schedulable).
     * Ranges are checked when the component is built, where a number inside a schedule is known too.
     */
    private static void check(Component<?> c, SpecNode node, List<String> fixed) {
        List<String> allowed = new ArrayList<>(fixed);
        allowed.addAll(c.paramNames());
        node.allowOnly(allowed, c.name());
        for (Param p : c.params()) {
            if (p.required() && !node.has(p.name())) {
                throw node.error(c.name() + ": missing required field '" + p.name() + "' (" + p.expects() + ")");
            }
        }
        for (Map.Entry<String, SpecNode> e : node.entries().entrySet()) {
            if (fixed.contains(e.getKey())) {
                continue;
            }
            Param p = c.param(e.getKey());
            SpecNode v = e.getValue();
            // A schedule where a plain number is declared is reported when built, naming the schedule.
            boolean schedule = v.isMap() && v.has("schedule");
            if (!accepts(p, v) && !(schedule && p.kind() == Param.Kind.NUMBER)) {
                String got = v.isMap() && p.schedulable() ? "a mapping without a 'schedule' field"
                        : v.kind() == SpecNode.Kind.NUMBER && p.kind() == Param.Kind.INTEGER ? v.render() : v.describe();
                throw v.error(c.name() + ": " + p.name() + " must be " + p.kind().description() + ", got " + got);
            }
        }
    }

    /** True when {@code node} is of the declared kind (a schedule: a mapping with a {@code schedule} field). */
    static boolean accepts(Param p, SpecNode node) {
        return switch (p.kind()) {
            case NUMBER -> node.kind() == SpecNode.Kind.NUMBER;
            case INTEGER -> node.isInteger();
            case FLAG -> node.kind() == SpecNode.Kind.BOOLEAN;
            case STRING, ENUM -> node.kind() == SpecNode.Kind.STRING;
            case SCHEDULE -> node.kind() == SpecNode.Kind.NUMBER || node.isMap() && node.has("schedule");
            case NUMBER_OR_AUTO -> node.kind() == SpecNode.Kind.NUMBER
                    || node.kind() == SpecNode.Kind.STRING && node.asString().equals("auto");
            case NUMBERS -> node.isList() && node.items().stream().allMatch(i -> i.kind() == SpecNode.Kind.NUMBER);
            case INTEGERS -> node.isList() && node.items().stream().allMatch(SpecNode::isInteger);
        };
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
        } catch (HyperparameterException e) {
            throw errorAt(c, node, e);
        } catch (Limit.LimitExceededException e) {
            throw node.error(e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            String msg = e.getMessage() == null || e.getMessage().isBlank() ? "invalid parameters" : e.getMessage();
            throw node.error(msg.startsWith(c.name() + ":") ? msg : c.name() + ": " + msg);
        }
    }

    /**
     * The error at the field the exception names, phrased as {@code component: field ...}; at the
     * component node when the field is not one of the node's (a parameter checked under another
     * name by a part of the component).
     */
    private static SpecException errorAt(Component<?> c, SpecNode node, HyperparameterException e) {
        String msg = e.getMessage();
        String detail = msg.startsWith(e.owner() + ": ") ? msg.substring(e.owner().length() + 2) : msg;
        if (node.has(e.param()) && !e.param().equals("name")) {
            // The owner may be a part of the component (a schedule class, a transform); name the component.
            return node.get(e.param()).error(c.name() + ": " + (detail.startsWith(e.param()) ? detail
                    : e.param() + ": " + detail));
        }
        return node.error(msg.startsWith(c.name() + ":") ? msg : c.name() + ": " + msg);
    }
}
