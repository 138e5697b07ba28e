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
     */
    public List<GridPoint> expand() {
        checkGridZipOverlap();
        checkRunCount();
        List<GridPoint> points = new ArrayList<>();
        points.add(new GridPoint(root, new LinkedHashMap<>()));
        if (root.find("grid").isPresent()) {
            SpecNode grid = root.get("grid");
            if (!grid.isMap()) {
                throw grid.error("grid maps paths to lists of values (problem.n: [10, 100]), got " + grid.describe());
            }
            for (Map.Entry<String, SpecNode> axis : grid.entries().entrySet()) {
                List<SpecNode> values = axisValues(axis.getValue(), "a grid axis");
                List<GridPoint> next = new ArrayList<>();
                for (GridPoint p : points) {
                    for (SpecNode v : values) {
                        next.add(p.with(axis.getKey(), v, axis.getValue()));
                    }
                }
                points = next;
            }
        }
        if (root.find("zip").isPresent()) {
            SpecNode zip = root.get("zip");
            if (!zip.isMap()) {
                throw zip.error("zip maps paths to lists of equal length (problem.noise: [0.0, 0.1]), got "
                        + zip.describe());
            }
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
            if (len > 0) {
                List<GridPoint> next = new ArrayList<>();
                for (GridPoint p : points) {
                    for (int i = 0; i < len; i++) {
                        GridPoint q = p;
                        for (Map.Entry<String, SpecNode> axis : zip.entries().entrySet()) {
                            q = q.with(axis.getKey(), axis.getValue().items().get(i), axis.getValue());
                        }
                        next.add(q);
                    }
                }
                points = next;
            }
        }
        for (GridPoint p : points) {
            p.doc().allowOnly(FIELDS);
        }
        return points;
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
     * The runs the spec asks for, counted without expanding anything: grid points (the product of
     * the grid's axis lengths times the zip's length) × optimizers × repeats, saturating at
     * {@link Long#MAX_VALUE}.
     */
    public long runCount() {
        return Limit.product(gridPoints(), root.get("optimizers").keys().size(), repeats);
    }

    private long gridPoints() {
        long points = 1;
        if (root.find("grid").isPresent() && root.get("grid").isMap()) {
            for (SpecNode axis : root.get("grid").entries().values()) {
                points = Limit.product(points, axisValues(axis, "a grid axis").size());
            }
        }
        if (root.find("zip").isPresent() && root.get("zip").isMap()) {
            for (SpecNode axis : root.get("zip").entries().values()) {
                points = Limit.product(points, axisValues(axis, "a zip list").size());
                break;
            }
        }
        return points;
    }

    /** Refuses a plan above {@link Limit#RUNS} before a single grid point is built. */
    private void checkRunCount() {
        long points = gridPoints();
        int optimizers = root.get("optimizers").keys().size();
        Limit.RUNS.check(runCount(), "experiment '" + name + "' (" + points + " grid point" + (points == 1 ? "" : "s")
                + " × " + optimizers + " optimizer" + (optimizers == 1 ? "" : "s") + " × " + repeats + " repeat"
                + (repeats == 1 ? "" : "s") + ")");
    }

    /** Refuses a path that both the grid and the zip vary (or one inside the other): one would overwrite the other. */
    private void checkGridZipOverlap() {
        if (root.find("grid").isEmpty() || root.find("zip").isEmpty() || !root.get("grid").isMap()
                || !root.get("zip").isMap()) {
            return;
        }
        for (Map.Entry<String, SpecNode> z : root.get("zip").entries().entrySet()) {
            for (Map.Entry<String, SpecNode> g : root.get("grid").entries().entrySet()) {
                String a = z.getKey();
                String b = g.getKey();
                if (a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".")) {
                    throw z.getValue().keyError("'" + a + "' is varied by zip and " + (a.equals(b) ? "" : "'" + b
                            + "' ") + "by grid (at " + g.getValue().keyPosition() + "); a path can be varied by "
                            + "one of them only: move its values to grid (every combination) or to zip (aligned rows)");
                }
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
        GridPoint with(String path, SpecNode value, SpecNode origin) {
            String first = path.split("\\.", -1)[0];
            if (FIXED.contains(first)) {
                throw origin.keyError("a grid cannot vary '" + path + "'" + (first.equals("seed") || first.equals(
                        "repeats") ? " (repeats sets the seeds; problems with random data take their own seed)" : ""));
            }
            if (!FIELDS.contains(first)) {
                throw origin.keyError("path '" + path + "': unknown field '" + first + "'"
                        + SpecNode.suggest(first, FIELDS) + "; allowed: " + String.join(", ", FIELDS));
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
