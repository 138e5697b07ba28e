package dev.curvature.lab.spec;

import dev.curvature.core.Limit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed experiment specification (the YAML format of {@code docs/spec.md}): which problem, which
 * optimizers, which parameter grid, how many repeats, when to stop, what to monitor and plot. The
 * top-level structure is checked here; the components (problems, optimizers, schedules, monitors)
 * are checked when {@link #expand() expanded} runs are built against the catalog.
 *
 * @param name      experiment name ([a-z0-9_-]+), also the results folder
 * @param root      the whole document
 * @param text      the YAML text (stored with the results)
 * @param hash      SHA-256 of the text, recorded with every run
 */
public record ExperimentSpec(String name, String description, long seed, int repeats, SpecNode root, String text,
                             String hash) {

    /** The top-level fields. */
    public static final List<String> FIELDS = List.of("name", "description", "seed", "repeats", "problem",
            "optimizers", "grid", "zip", "stop", "run", "monitors", "report", "analysis", "requires", "quick");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** The most repeats (seeds per configuration) a spec may ask for. */
    public static final int MAX_REPEATS = 10_000;

    /** Top-level fields that a grid or zip cannot vary. */
    public static final List<String> FIXED = List.of("name", "seed", "repeats", "grid", "zip", "quick");

    /** What {@link #quick()} appends to the text of the quick variant: the mark of a quick run's stored spec. */
    private static final String QUICK_MARK = "\n# --quick\n";

    /**
     * The spec a results folder stores ({@link #text()} as the runner recorded it): parsed, and
     * with its quick overrides applied when it is the text of a quick variant.
     */
    public static ExperimentSpec parseStored(String storedText, String source) {
        ExperimentSpec spec = parse(storedText, source);
        return storedText.endsWith(QUICK_MARK) ? spec.quick() : spec;
    }

    /** Parses and checks the top level of a spec; {@code source} names it in messages. */
    public static ExperimentSpec parse(String yaml, String source) {
        SpecNode root = SpecNode.parse(yaml, source);
        if (!root.isMap()) {
            throw root.error("an experiment spec is a mapping with the fields " + String.join(", ", FIELDS)
                    + ", got " + root.describe());
        }
        root.allowOnly(FIELDS);
        SpecNode nameNode = root.get("name", "the experiment name, [a-z0-9][a-z0-9_-]*");
        String name = nameNode.asString();
        if (!NAME.matcher(name).matches()) {
            throw nameNode.error("name '" + name + "' must match [a-z0-9][a-z0-9_-]* (lower case, digits, '_' and "
                    + "'-'; it names the results folder)");
        }
        String description = root.find("description").map(SpecNode::asString).orElse("");
        long seed = root.find("seed").map(n -> n.asLong(0, Long.MAX_VALUE)).orElse(0L);
        int repeats = (int) (long) root.find("repeats").map(n -> n.asLong(1, MAX_REPEATS)).orElse(1L);
        root.get("problem", "{name: ..., ...}; see `curvature list problems`");
        SpecNode opts = root.get("optimizers", "label: {name: ..., ...} for each optimizer to compare");
        if (!opts.isMap()) {
            throw opts.error("optimizers maps labels to optimizers (adam: {name: adam, lr: 0.01}), got "
                    + opts.describe());
        }
        if (opts.keys().isEmpty()) {
            throw opts.error("needs at least one optimizer (label: {name: ..., ...})");
        }
        opts.entries().forEach(ExperimentSpec::checkLabel);
        root.get("stop", "when runs end: max_steps and/or time_budget, and optional rules");
        ExperimentSpec spec = new ExperimentSpec(name, description, seed, repeats, root, yaml, sha256(yaml));
        spec.expand();
        spec.quick();
        return spec;
    }

    /**
     * The spec with its {@code quick} overrides applied (path → value, as in a grid with one value):
     * the small variant {@code curvature reproduce --quick} runs. Without {@code quick}, this spec.
     */
    public ExperimentSpec quick() {
        if (root.find("quick").isEmpty()) {
            return this;
        }
        SpecNode quick = root.get("quick");
        if (!quick.isMap()) {
            throw quick.error("quick maps paths to values (stop.max_steps: 200), got " + quick.describe());
        }
        SpecNode doc = root;
        for (Map.Entry<String, SpecNode> e : quick.entries().entrySet()) {
            String path = e.getKey();
            String first = path.split("\\.", -1)[0];
            if (first.equals("quick") || first.equals("name")) {
                throw e.getValue().keyError("quick cannot override '" + path + "'"
                        + (first.equals("name") ? " (the quick variant keeps the experiment's name)" : ""));
            }
            if (!FIELDS.contains(first)) {
                throw e.getValue().keyError("unknown field '" + first + "'" + SpecNode.suggest(first, FIELDS)
                        + "; allowed: " + String.join(", ", FIELDS));
            }
            doc = doc.with(path, e.getValue(), e.getValue());
        }
        long quickSeed = doc.find("seed").map(n -> n.asLong(0, Long.MAX_VALUE)).orElse(seed);
        int quickRepeats = (int) (long) doc.find("repeats").map(n -> n.asLong(1, MAX_REPEATS))
                .orElse((long) repeats);
        String quickDescription = doc.find("description").map(SpecNode::asString).orElse(description);
        return new ExperimentSpec(name, quickDescription, quickSeed, quickRepeats, doc, text + QUICK_MARK,
                sha256(text + QUICK_MARK));
    }

    /**
     * SHA-256 of the parsed spec ({@link SpecNode#render}) rather than of its text: equal for texts
     * that differ only in comments, layout or quoting, so that {@code --resume} compares what a
     * spec means. The quick variant's differs from the spec's.
     */
    public String canonicalHash() {
        return sha256(root.render() + (text.endsWith(QUICK_MARK) ? QUICK_MARK : ""));
    }

    /**
     * The grid points: the cartesian product of {@code grid} times the aligned rows of {@code zip},
     * each as the document with those values substituted. Without grid and zip, the document itself.
     * An optimizer's own grid and zip are expanded per optimizer by {@link #optimizerPoints}.
     */
    public List<GridPoint> expand() {
        checkOverlap(root.find("grid"), root.find("zip"), "");
        checkOptimizerGrids();
        checkRunCount();
        List<GridPoint> points = vary(List.of(new GridPoint(root, new LinkedHashMap<>())), root, "");
        for (GridPoint p : points) {
            p.doc().allowOnly(FIELDS);
        }
        return points;
    }

    /**
     * The points of optimizer {@code label} at a grid point: its own {@code grid} (cartesian) times
     * its own {@code zip} (aligned rows), paths relative to the optimizer, each as the point's
     * document with those values substituted and every optimizer's grid and zip taken out, so that
     * the optimizer entries read as plain configurations. An optimizer without a grid or zip gives
     * the point itself, so specs without them plan exactly the runs they always did.
     */
    public List<GridPoint> optimizerPoints(GridPoint point, String label) {
        SpecNode optimizers = point.doc().get("optimizers");
        if (optimizers.entries().values().stream().noneMatch(ExperimentSpec::hasOwnGrid)) {
            return List.of(point);
        }
        SpecNode entry = optimizers.get(label);
        SpecNode doc = point.doc();
        for (Map.Entry<String, SpecNode> o : optimizers.entries().entrySet()) {
            if (hasOwnGrid(o.getValue())) {
                doc = doc.with("optimizers." + o.getKey(), o.getValue().without(OWN_GRID), o.getValue());
            }
        }
        GridPoint base = new GridPoint(doc, point.values());
        return hasOwnGrid(entry) ? vary(List.of(base), entry, "optimizers." + label + ".") : List.of(base);
    }

    /** The fields of an optimizer entry that vary it alone. */
    public static final List<String> OWN_GRID = List.of("grid", "zip");

    private static boolean hasOwnGrid(SpecNode optimizer) {
        return optimizer.isMap() && OWN_GRID.stream().anyMatch(k -> optimizer.find(k).isPresent());
    }

    /**
     * {@code points} times the grid (cartesian) and then the zip (aligned rows) found under
     * {@code owner}, whose paths are relative to {@code prefix} ("" for the top level).
     */
    private static List<GridPoint> vary(List<GridPoint> points, SpecNode owner, String prefix) {
        if (owner.find("grid").isPresent()) {
            SpecNode grid = owner.get("grid");
            if (!grid.isMap()) {
                throw grid.error("grid maps paths to lists of values (" + (prefix.isEmpty() ? "problem.n: [10, 100]"
                        : "lr: [0.001, 0.01]") + "), got " + grid.describe());
            }
            for (Map.Entry<String, SpecNode> axis : grid.entries().entrySet()) {
                List<SpecNode> values = axisValues(axis.getValue(), "a grid axis");
                List<GridPoint> next = new ArrayList<>();
                for (GridPoint p : points) {
                    for (SpecNode v : values) {
                        next.add(p.with(prefix, axis.getKey(), v, axis.getValue()));
                    }
                }
                points = next;
            }
        }
        if (owner.find("zip").isPresent()) {
            SpecNode zip = owner.get("zip");
            if (!zip.isMap()) {
                throw zip.error("zip maps paths to lists of equal length (" + (prefix.isEmpty()
                        ? "problem.noise: [0.0, 0.1]" : "lr: [0.001, 0.01]") + "), got " + zip.describe());
            }
            int len = zipLength(zip);
            if (len > 0) {
                List<GridPoint> next = new ArrayList<>();
                for (GridPoint p : points) {
                    for (int i = 0; i < len; i++) {
                        GridPoint q = p;
                        for (Map.Entry<String, SpecNode> axis : zip.entries().entrySet()) {
                            q = q.with(prefix, axis.getKey(), axis.getValue().items().get(i), axis.getValue());
                        }
                        next.add(q);
                    }
                }
                points = next;
            }
        }
        return points;
    }

    /** The common length of a zip's lists, refusing lists of different lengths. */
    private static int zipLength(SpecNode zip) {
        int len = -1;
        String firstAxis = null;
        for (Map.Entry<String, SpecNode> axis : zip.entries().entrySet()) {
            int n = axisValues(axis.getValue(), "a zip list").size();
            if (len >= 0 && n != len) {
                throw axis.getValue().error("zip lists must have equal lengths: this one has " + n + " values, '"
                        + firstAxis + "' has " + len);
            }
            if (len < 0) {
                firstAxis = axis.getKey();
            }
            len = n;
        }
        return len;
    }

    /**
     * Refuses an optimizer label that cannot name a series of the plots and tables: empty or blank,
     * with spaces around it or with control characters (a line break, a tab).
     */
    private static void checkLabel(String label, SpecNode optimizer) {
        String problem = label.isBlank() ? "is empty" : !label.strip().equals(label) ? "starts or ends with a space"
                : label.chars().anyMatch(Character::isISOControl) ? "contains a control character" : null;
        if (problem != null) {
            throw optimizer.keyError("the optimizer label '" + label.replace("\n", "\\n").replace("\t", "\\t")
                    + "' " + problem + "; a label names the optimizer's curves and rows in the report, "
                    + "so write visible text such as adam or adam-lr1e-3");
        }
    }

    /**
     * The runs the spec asks for, counted without expanding anything: the sum over optimizers of
     * (that optimizer's own grid points) × (the grid points of the top-level grid and zip) ×
     * repeats, saturating at {@link Long#MAX_VALUE}. An optimizer's own grid points are the product
     * of its grid's axis lengths times its zip's length (1 without either).
     */
    public long runCount() {
        long perPoint = 0;
        for (SpecNode optimizer : root.get("optimizers").entries().values()) {
            long own = optimizer.isMap() ? gridPoints(optimizer) : 1;
            perPoint = perPoint > Long.MAX_VALUE - own ? Long.MAX_VALUE : perPoint + own;
        }
        return Limit.product(gridPoints(root), perPoint, repeats);
    }

    /** The points of the grid and zip under {@code owner}: the grid's axis lengths times the zip's length. */
    private static long gridPoints(SpecNode owner) {
        long points = 1;
        if (owner.find("grid").isPresent() && owner.get("grid").isMap()) {
            for (SpecNode axis : owner.get("grid").entries().values()) {
                points = Limit.product(points, axisValues(axis, "a grid axis").size());
            }
        }
        if (owner.find("zip").isPresent() && owner.get("zip").isMap()) {
            for (SpecNode axis : owner.get("zip").entries().values()) {
                points = Limit.product(points, axisValues(axis, "a zip list").size());
                break;
            }
        }
        return points;
    }

    /** Refuses a plan above {@link Limit#RUNS} before a single grid point is built. */
    private void checkRunCount() {
        long points = gridPoints(root);
        Map<String, SpecNode> optimizers = root.get("optimizers").entries();
        long own = runCount() / Math.max(1, Limit.product(points, repeats));
        String perOptimizer = own == optimizers.size() ? optimizers.size() + " optimizer"
                + (optimizers.size() == 1 ? "" : "s") : own + " optimizer settings";
        Limit.RUNS.check(runCount(), "experiment '" + name + "' (" + points + " grid point" + (points == 1 ? "" : "s")
                + " × " + perOptimizer + " × " + repeats + " repeat" + (repeats == 1 ? "" : "s") + ")");
    }

    /**
     * Checks every optimizer's own grid and zip before expanding: paths relative to the optimizer
     * that neither name the optimizer's grid nor overlap each other or a top-level path into the
     * same optimizer.
     */
    private void checkOptimizerGrids() {
        for (Map.Entry<String, SpecNode> o : root.get("optimizers").entries().entrySet()) {
            if (!hasOwnGrid(o.getValue())) {
                continue;
            }
            String prefix = "optimizers." + o.getKey() + ".";
            checkOverlap(o.getValue().find("grid"), o.getValue().find("zip"), prefix);
            for (String own : OWN_GRID) {
                if (o.getValue().find(own).isEmpty() || !o.getValue().get(own).isMap()) {
                    continue;
                }
                for (Map.Entry<String, SpecNode> axis : o.getValue().get(own).entries().entrySet()) {
                    for (String global : OWN_GRID) {
                        checkOverlap(Optional.of(axis.getValue()), prefix + axis.getKey(), root.find(global), "", global,
                                o.getKey() + "'s " + own);
                    }
                }
            }
        }
    }

    /**
     * Refuses a path that both a grid and a zip vary (or one inside the other): one would overwrite
     * the other. {@code prefix} is what their paths are relative to.
     */
    private static void checkOverlap(Optional<SpecNode> grid, Optional<SpecNode> zip, String prefix) {
        if (grid.isEmpty() || zip.isEmpty() || !grid.get().isMap() || !zip.get().isMap()) {
            return;
        }
        for (Map.Entry<String, SpecNode> z : zip.get().entries().entrySet()) {
            checkOverlap(Optional.of(z.getValue()), prefix + z.getKey(), grid, prefix, "grid", "zip");
        }
    }

    /**
     * Refuses {@code path} (set by {@code value}, under {@code by}) when {@code other} (a grid or zip
     * whose paths are relative to {@code prefix}, named {@code otherName}) varies it or a path inside it.
     */
    private static void checkOverlap(Optional<SpecNode> value, String path, Optional<SpecNode> other, String prefix,
                                     String otherName, String by) {
        if (value.isEmpty() || other.isEmpty() || !other.get().isMap()) {
            return;
        }
        for (Map.Entry<String, SpecNode> g : other.get().entries().entrySet()) {
            String b = prefix + g.getKey();
            if (path.equals(b) || path.startsWith(b + ".") || b.startsWith(path + ".")) {
                throw value.get().keyError("'" + path + "' is varied by " + by + " and " + (path.equals(b) ? ""
                        : "'" + b + "' ") + "by " + otherName + " (at " + g.getValue().keyPosition() + "); a path can "
                        + "be varied by one of them only: " + (by.equals("zip") && otherName.equals("grid")
                        ? "move its values to grid (every combination) or to zip (aligned rows)"
                        : "keep it in one place (an optimizer's own grid varies that optimizer alone)"));
            }
        }
    }

    private static List<SpecNode> axisValues(SpecNode axis, String what) {
        if (!axis.isList()) {
            throw axis.error(what + " is a list of values, got " + axis.describe());
        }
        if (axis.items().isEmpty()) {
            throw axis.error(what + " needs at least one value");
        }
        return axis.items();
    }

    /** One point of the grid: the substituted document and the values that define it. */
    public record GridPoint(SpecNode doc, Map<String, String> values) {
        GridPoint with(String prefix, String relative, SpecNode value, SpecNode origin) {
            String path = prefix + relative;
            String[] keys = path.split("\\.", -1);
            String first = keys[0];
            if (!prefix.isEmpty() && OWN_GRID.contains(relative.split("\\.", -1)[0])) {
                throw origin.keyError("an optimizer's grid cannot vary its own '" + relative + "'");
            }
            if (FIXED.contains(first)) {
                throw origin.keyError("a grid cannot vary '" + path + "'" + (first.equals("seed") || first.equals(
                        "repeats") ? " (repeats sets the seeds; problems with random data take their own seed)" : ""));
            }
            if (!FIELDS.contains(first)) {
                throw origin.keyError("path '" + path + "': unknown field '" + first + "'"
                        + SpecNode.suggest(first, FIELDS) + "; allowed: " + String.join(", ", FIELDS));
            }
            if (prefix.isEmpty() && keys.length > 2 && first.equals("optimizers") && OWN_GRID.contains(keys[2])) {
                throw origin.keyError("a grid cannot vary '" + path + "': write the values in the optimizer's own "
                        + keys[2] + " instead");
            }
            Map<String, String> v = new LinkedHashMap<>(values);
            v.put(path, value.render());
            return new GridPoint(doc.with(path, value, origin), v);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
