package dev.curvature.lab.spec;

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

    /** Parses and checks the top level of a spec; {@code source} names it in messages. */
    public static ExperimentSpec parse(String yaml, String source) {
        SpecNode root = SpecNode.parse(yaml, source);
        if (!root.isMap()) {
            throw root.error("an experiment spec is a mapping with fields " + String.join(", ", FIELDS));
        }
        root.allowOnly(FIELDS);
        SpecNode nameNode = root.get("name");
        String name = nameNode.asString();
        if (!NAME.matcher(name).matches()) {
            throw nameNode.error("name '" + name + "' must match [a-z0-9][a-z0-9_-]* (it names the results folder)");
        }
        String description = root.find("description").map(SpecNode::asString).orElse("");
        long seed = root.find("seed").map(n -> n.asLong(0, Long.MAX_VALUE)).orElse(0L);
        int repeats = (int) (long) root.find("repeats").map(n -> n.asLong(1, 10_000)).orElse(1L);
        root.get("problem");
        SpecNode opts = root.get("optimizers");
        if (opts.keys().isEmpty()) {
            throw opts.error("needs at least one optimizer (label: {name: ..., ...})");
        }
        root.get("stop");
        return new ExperimentSpec(name, description, seed, repeats, root, yaml, sha256(yaml));
    }

    /**
     * The spec with its {@code quick} overrides applied (path → value, as in a grid with one value):
     * the small variant {@code curvature reproduce --quick} runs. Without {@code quick}, this spec.
     */
    public ExperimentSpec quick() {
        if (root.find("quick").isEmpty()) {
            return this;
        }
        SpecNode doc = root;
        for (Map.Entry<String, SpecNode> e : root.get("quick").entries().entrySet()) {
            String path = e.getKey();
            if (path.equals("quick") || path.equals("name") || path.startsWith("quick.")) {
                throw e.getValue().error("quick cannot override '" + path + "'");
            }
            doc = doc.with(path, e.getValue(), e.getValue());
        }
        long quickSeed = doc.find("seed").map(n -> n.asLong(0, Long.MAX_VALUE)).orElse(seed);
        int quickRepeats = (int) (long) doc.find("repeats").map(n -> n.asLong(1, 10_000)).orElse((long) repeats);
        String quickDescription = doc.find("description").map(SpecNode::asString).orElse(description);
        return new ExperimentSpec(name, quickDescription, quickSeed, quickRepeats, doc, text + "\n# --quick\n",
                sha256(text + "\n# --quick\n"));
    }

    /**
     * The grid points: the cartesian product of {@code grid} times the aligned rows of {@code zip},
     * each as the document with those values substituted. Without grid and zip, the document itself.
     */
    public List<GridPoint> expand() {
        List<GridPoint> points = new ArrayList<>();
        points.add(new GridPoint(root, new LinkedHashMap<>()));
        if (root.find("grid").isPresent()) {
            SpecNode grid = root.get("grid");
            for (Map.Entry<String, SpecNode> axis : grid.entries().entrySet()) {
                List<SpecNode> values = axis.getValue().items();
                if (values.isEmpty()) {
                    throw axis.getValue().error("a grid axis needs at least one value");
                }
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
            int len = -1;
            for (Map.Entry<String, SpecNode> axis : zip.entries().entrySet()) {
                int n = axis.getValue().items().size();
                if (len >= 0 && n != len) {
                    throw axis.getValue().error("zip lists must have equal lengths: this one has " + n + ", earlier "
                            + len);
                }
                len = n;
            }
            if (len == 0) {
                throw zip.error("zip lists must not be empty");
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
        return points;
    }

    /** One point of the grid: the substituted document and the values that define it. */
    public record GridPoint(SpecNode doc, Map<String, String> values) {
        GridPoint with(String path, SpecNode value, SpecNode origin) {
            if (path.startsWith("grid") || path.startsWith("zip") || path.equals("name") || path.equals("seed")
                    || path.equals("repeats")) {
                throw origin.error("grid path '" + path + "' cannot vary " + path.split("\\.")[0]);
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
