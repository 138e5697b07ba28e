package dev.curvature.lab.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.runner.RunSettings;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.registry.Registry;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of experiment specs, generated from the registries: one
 * alternative per registered problem, optimizer, transform, schedule and monitor, with its
 * parameters as declared ({@link Param}): their kind (a schedule only where the parameter is
 * schedulable), range (minimum/maximum), choices (enum), default and description. Editors use it
 * to validate and complete specs; {@code curvature schema} prints it and
 * {@code docs/curvature-spec.schema.json} holds a copy that a test keeps equal to this output.
 * Checks the schema cannot express (ranges that depend on other parameters, values inside
 * schedules, grid paths, zip lengths) are made when a spec is loaded.
 */
public final class SpecSchema {
    /** The dialect. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SpecSchema() {}

    /**
     * The schema as pretty-printed JSON: two-space indentation, {@code \n} line ends, a final
     * newline, non-ASCII characters escaped.
     */
    public static String json() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            // ASCII only, so that the schema survives any console encoding when redirected to a file.
            ObjectMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
            return mapper.writer(printer).writeValueAsString(generate()) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema. */
    public static ObjectNode generate() {
        ObjectNode root = F.objectNode();
        root.put("$schema", DIALECT);
        root.put("title", "Curvature experiment spec");
        root.put("description", "An experiment: a problem, the optimizers to compare, a parameter grid, seeds, "
                + "stopping rules, monitors and plots (docs/spec.md). Generated from the registries by "
                + "`curvature schema`.");
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        ObjectNode name = props.putObject("name");
        name.put("type", "string");
        name.put("pattern", "^[a-z0-9][a-z0-9_-]*$");
        name.put("description", "The experiment name; names the results folder.");
        props.putObject("description").put("type", "string");
        ObjectNode seed = integer(0, null);
        seed.put("description", "Spec seed; run seeds derive from it and the repeat index.");
        seed.put("default", 0);
        props.set("seed", seed);
        ObjectNode repeats = integer(1, (long) ExperimentSpec.MAX_REPEATS);
        repeats.put("description", "Seeds per configuration.");
        repeats.put("default", 1);
        props.set("repeats", repeats);
        props.set("problem", ref("problem"));
        ObjectNode optimizers = props.putObject("optimizers");
        optimizers.put("type", "object");
        optimizers.put("description", "Label -> optimizer; at least one.");
        optimizers.put("minProperties", 1);
        optimizers.set("additionalProperties", ref("optimizer"));
        props.set("grid", axes("Path into this document -> list of values; the runs cross all axes.", "array"));
        props.set("zip", axes("Path into this document -> list of values; the lists have equal lengths and "
                + "vary together.", "array"));
        props.set("stop", stop());
        props.set("run", run());
        ObjectNode monitors = props.putObject("monitors");
        monitors.put("type", "array");
        monitors.set("items", ref("monitor"));
        ObjectNode report = props.putObject("report");
        report.put("type", "object");
        ObjectNode metrics = report.putObject("properties").putObject("metrics");
        metrics.put("type", "array");
        metrics.put("description", "Metrics to plot (default: every logged metric).");
        metrics.putObject("items").put("type", "string");
        ObjectNode svg = ((ObjectNode) report.get("properties")).putObject("svg");
        svg.put("type", "boolean");
        svg.put("description", "Also write each plot as SVG beside its PNG (default false: SVGs are several "
                + "times larger).");
        report.put("additionalProperties", false);
        ObjectNode analysis = props.putObject("analysis");
        analysis.put("description", "A built-in analysis that checks a paper's claims: NAME, or {name: NAME, "
                + "PARAMETER: value, ...} to set the parameters it declares.");
        ArrayNode analysisForms = analysis.putArray("anyOf");
        ObjectNode byName = analysisForms.addObject().put("type", "string");
        List<String> analyses = BuiltinExperiments.analysisNames();
        if (!analyses.isEmpty()) {
            byName.set("enum", strings(analyses));
        }
        for (String analysisName : analyses) {
            Map<String, Double> declared = BuiltinExperiments.analysis(analysisName).orElseThrow().parameters();
            if (declared.isEmpty()) {
                continue;
            }
            ObjectNode withParams = analysisForms.addObject().put("type", "object");
            ObjectNode properties = withParams.putObject("properties");
            properties.putObject("name").put("const", analysisName);
            new java.util.TreeMap<>(declared).forEach((k, v) -> properties.putObject(k).put("type", "number")
                    .put("default", v));
            withParams.putArray("required").add("name");
            withParams.put("additionalProperties", false);
        }
        ObjectNode requires = props.putObject("requires");
        requires.put("type", "object");
        requires.put("description", "Components the experiment needs that an optional module registers; without "
                + "them the spec is rejected with a message naming them.");
        ObjectNode needed = requires.putObject("properties").putObject("optimizers");
        needed.put("type", "array");
        needed.putObject("items").put("type", "string");
        requires.put("additionalProperties", false);
        props.set("quick", axes("Overrides for `curvature reproduce --quick`: path -> value.", null));
        root.set("required", strings(List.of("name", "problem", "optimizers", "stop")));
        root.put("additionalProperties", false);

        Registries registries = Registries.standard();
        ObjectNode defs = root.putObject("$defs");
        defs.set("problem", oneOf(defs, "problem", registries.problems(), "name"));
        ArrayNode opts = F.arrayNode();
        alternatives(defs, opts, "optimizer", registries.optimizers(), List.of());
        alternatives(defs, opts, "transform", registries.transforms(), registries.optimizers().names());
        opts.add(ref("chain"));
        opts.add(ref("route"));
        ObjectNode optimizer = F.objectNode();
        optimizer.put("description", "A registered optimizer or transform {name: ...}, a chain or a route.");
        optimizer.set("oneOf", opts);
        defs.set("optimizer", optimizer);
        defs.set("chain", chain());
        defs.set("route", route());
        defs.set("schedule", oneOf(defs, "schedule", registries.schedules(), "schedule"));
        ObjectNode monitor = oneOf(defs, "monitor", registries.monitors(), "name");
        defs.set("monitor", monitor);
        ObjectNode duration = F.objectNode();
        ArrayNode forms = duration.putArray("oneOf");
        forms.add(number(0.0).put("description", "seconds"));
        ObjectNode text = forms.addObject();
        text.put("type", "string");
        text.put("pattern", "^\\s*" + RunSettings.DURATION_REGEX + "\\s*$");
        duration.put("description", "A duration: 250ms, 90s, 5m, 1h or a number of seconds.");
        defs.set("duration", duration);
        return root;
    }

    // ------------------------------------------------------------------ components

    /** {@code {oneOf: [$ref kind.NAME, ...]}} with each component's schema added to {@code defs}. */
    private static <T> ObjectNode oneOf(ObjectNode defs, String kind, Registry<T> registry, String nameField) {
        ArrayNode alts = F.arrayNode();
        for (Component<T> c : registry.all()) {
            defs.set(kind + "." + c.name(), component(c, nameField, kind.equals("monitor")));
            alts.add(ref(kind + "." + c.name()));
        }
        String kinds = registry.kind();
        ObjectNode out = F.objectNode();
        out.put("description", "One of the registered " + kinds + " (`curvature list " + kinds + "`).");
        out.set("oneOf", alts);
        return out;
    }

    private static <T> void alternatives(ObjectNode defs, ArrayNode alts, String kind, Registry<T> registry,
                                         List<String> skip) {
        for (Component<T> c : registry.all()) {
            if (!skip.contains(c.name())) {
                ObjectNode component = component(c, "name", false);
                ObjectNode props = (ObjectNode) component.get("properties");
                props.set("grid", ownAxes("This optimizer's own grid: its field (lr, or lr.peak of a schedule) -> "
                        + "list of values; varies this optimizer's runs only, crossed with the top-level grid."));
                props.set("zip", ownAxes("This optimizer's own zip: its field -> list of values, the lists of equal "
                        + "length; varies this optimizer's runs only."));
                defs.set(kind + "." + c.name(), component);
                alts.add(ref(kind + "." + c.name()));
            }
        }
    }

    private static <T> ObjectNode component(Component<T> c, String nameField, boolean monitor) {
        ObjectNode s = F.objectNode();
        s.put("title", c.name());
        s.put("description", c.summary() + (c.reference().equals("-") ? "" : " (" + c.reference() + ")"));
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        props.putObject(nameField).put("const", c.name());
        ArrayNode required = F.arrayNode().add(nameField);
        if (monitor) {
            props.set("every", integer(1, null).put("description", "Measure every this many steps.").put("default", 1));
        }
        for (Param p : c.params()) {
            props.set(p.name(), param(p));
            if (p.required()) {
                required.add(p.name());
            }
        }
        s.set("required", required);
        s.put("additionalProperties", false);
        return s;
    }

    /** The schema of one declared parameter: its kind, range, choices, default and description. */
    private static ObjectNode param(Param p) {
        ObjectNode s = switch (p.kind()) {
            case NUMBER -> ranged(F.objectNode().put("type", "number"), p);
            case INTEGER -> ranged(F.objectNode().put("type", "integer"), p);
            case FLAG -> F.objectNode().put("type", "boolean");
            case STRING -> F.objectNode().put("type", "string");
            case ENUM -> {
                ObjectNode o = F.objectNode().put("type", "string");
                o.set("enum", strings(p.choices()));
                yield o;
            }
            case SCHEDULE -> {
                ObjectNode o = F.objectNode();
                o.putArray("anyOf").add(ranged(F.objectNode().put("type", "number"), p)).add(ref("schedule"));
                yield o;
            }
            case NUMBER_OR_AUTO -> {
                ObjectNode o = F.objectNode();
                o.putArray("anyOf").add(ranged(F.objectNode().put("type", "number"), p))
                        .add(F.objectNode().put("const", "auto"));
                yield o;
            }
            case NUMBERS -> {
                ObjectNode o = F.objectNode().put("type", "array");
                o.set("items", ranged(F.objectNode().put("type", "number"), p));
                yield o;
            }
            case INTEGERS -> {
                ObjectNode o = F.objectNode().put("type", "array");
                o.set("items", ranged(F.objectNode().put("type", "integer"), p));
                yield o;
            }
        };
        String description = p.description();
        if (!p.symbol().isEmpty()) {
            description = p.symbol() + (description.isEmpty() ? "" : ": " + description);
        }
        if (p.required()) {
            description = "required" + (description.isEmpty() ? "" : "; " + description);
        }
        if (!description.isEmpty()) {
            s.put("description", description);
        }
        switch (p.defaultValue()) {
            case Double d when Double.isFinite(d) -> s.put("default", d);
            case Long l -> s.put("default", l);
            case Boolean b -> s.put("default", b);
            case String t -> s.put("default", t);
            case List<?> l -> s.set("default", JSON_DEFAULTS.valueToTree(l));
            case dev.curvature.optim.Hyperparameters.Auto a -> s.put("default", "auto");
            case null, default -> { }
        }
        return s;
    }

    private static final ObjectMapper JSON_DEFAULTS = new ObjectMapper();

    /** {@code s} with the declared range of {@code p} as minimum/maximum (exclusive where the bound is). */
    private static ObjectNode ranged(ObjectNode s, Param p) {
        Param.Range r = p.range();
        if (r == null) {
            return s;
        }
        bound(s, r.lo(), r.loInclusive(), "minimum", "exclusiveMinimum");
        bound(s, r.hi(), r.hiInclusive(), "maximum", "exclusiveMaximum");
        return s;
    }

    private static void bound(ObjectNode s, double v, boolean inclusive, String incl, String excl) {
        if (Double.isInfinite(v)) {
            return;
        }
        String key = inclusive ? incl : excl;
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            s.put(key, (long) v);
        } else {
            s.put(key, v);
        }
    }

    private static ObjectNode chain() {
        ObjectNode s = F.objectNode();
        s.put("description", "Transforms (or optimizers) applied in order.");
        s.put("type", "object");
        ObjectNode items = s.putObject("properties").putObject("chain");
        items.put("type", "array");
        items.put("minItems", 1);
        items.set("items", ref("optimizer"));
        s.set("required", strings(List.of("chain")));
        s.put("additionalProperties", false);
        return s;
    }

    private static ObjectNode route() {
        ObjectNode s = F.objectNode();
        s.put("description", "An optimizer per block label; 'default' for the other blocks.");
        s.put("type", "object");
        ObjectNode labels = s.putObject("properties").putObject("route");
        labels.put("type", "object");
        labels.put("minProperties", 1);
        labels.set("additionalProperties", ref("optimizer"));
        s.set("required", strings(List.of("route")));
        s.put("additionalProperties", false);
        return s;
    }

    // ------------------------------------------------------------------ sections

    private static ObjectNode stop() {
        ObjectNode s = F.objectNode();
        s.put("description", "When a run ends; max_steps or time_budget is required, the first rule that fires "
                + "ends the run.");
        s.put("type", "object");
        ObjectNode p = s.putObject("properties");
        p.set("max_steps", integer(0, null));
        p.set("grad_norm", number(0.0).put("description", "Stop when the gradient norm is at most this."));
        p.set("loss_below", F.objectNode().put("type", "number").put("description", "Stop when f(x) <= this."));
        p.set("loss_gap_below", number(0.0).put("description", "Stop when f(x) - f* <= this."));
        p.set("time_budget", ref("duration"));
        p.set("diverge_above", F.objectNode().put("type", "number")
                .put("description", "Stop as diverged when f(x) exceeds this."));
        ArrayNode anyOf = s.putArray("anyOf");
        anyOf.addObject().set("required", strings(List.of("max_steps")));
        anyOf.addObject().set("required", strings(List.of("time_budget")));
        s.put("additionalProperties", false);
        checkFields(p, RunSettings.STOP_FIELDS);
        return s;
    }

    private static ObjectNode run() {
        ObjectNode s = F.objectNode();
        s.put("type", "object");
        ObjectNode p = s.putObject("properties");
        p.set("record_every", integer(1, null).put("default", 1));
        p.set("state_dtype", F.objectNode().set("enum", strings(List.of("f32", "f64"))));
        ObjectNode nonFinite = F.objectNode();
        nonFinite.set("enum", strings(List.of("raise", "skip")));
        nonFinite.put("default", "raise");
        p.set("non_finite", nonFinite);
        p.set("max_skips", integer(1, 1_000_000L).put("default", 10));
        p.set("checkpoint_every", integer(1, null));
        s.put("additionalProperties", false);
        checkFields(p, RunSettings.RUN_FIELDS);
        return s;
    }

    /** The fields of a section are exactly those the runtime reads. */
    private static void checkFields(ObjectNode props, List<String> fields) {
        List<String> names = new java.util.ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        if (!names.equals(fields)) {
            throw new IllegalStateException("schema fields " + names + " differ from the runtime's " + fields);
        }
    }

    /** A mapping from dotted paths to values (lists when {@code valueType} is "array"). */
    private static ObjectNode axes(String description, String valueType) {
        ObjectNode s = F.objectNode();
        s.put("description", description);
        s.put("type", "object");
        // A grid or zip varies fields below the top-level ones other than the name, seeds and the grid
        // itself; quick overrides any path except the name and quick.
        List<String> first = ExperimentSpec.FIELDS.stream().filter(f -> valueType != null
                ? !ExperimentSpec.FIXED.contains(f) : !f.equals("name") && !f.equals("quick")).toList();
        s.putObject("propertyNames").put("pattern", "^(" + String.join("|", first) + ")(\\.[^.]+)*$");
        if (valueType != null) {
            ObjectNode v = s.putObject("additionalProperties");
            v.put("type", valueType);
            v.put("minItems", 1);
        }
        return s;
    }

    /** An optimizer's own grid or zip: paths relative to the optimizer -> non-empty lists. */
    private static ObjectNode ownAxes(String description) {
        ObjectNode s = F.objectNode();
        s.put("description", description);
        s.put("type", "object");
        s.putObject("propertyNames").put("pattern", "^(?!(grid|zip)(\\.|$))[^.]+(\\.[^.]+)*$");
        ObjectNode v = s.putObject("additionalProperties");
        v.put("type", "array");
        v.put("minItems", 1);
        return s;
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode ref(String def) {
        return F.objectNode().put("$ref", "#/$defs/" + def);
    }

    private static ObjectNode integer(long min, Long max) {
        ObjectNode s = F.objectNode().put("type", "integer").put("minimum", min);
        if (max != null) {
            s.put("maximum", max);
        }
        return s;
    }

    private static ObjectNode number(double min) {
        return F.objectNode().put("type", "number").put("minimum", (long) min);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
