package dev.curvature.lab.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * An immutable YAML value that remembers where it was written (file, line, column) and its field
 * path in the document, so every error about it can point at it. Parsed with SnakeYAML Engine's
 * composer (YAML 1.2 core schema); anchors and aliases are resolved, duplicate keys rejected.
 */
public final class SpecNode {
    /** The kinds of YAML values. */
    public enum Kind { MAP, LIST, NUMBER, BOOLEAN, STRING, NULL }

    private final Kind kind;
    private final String source;
    private final int line;
    private final int column;
    private final String path;
    private final Map<String, SpecNode> map;
    private final List<SpecNode> list;
    private final String text;

    private SpecNode(Kind kind, String source, int line, int column, String path, Map<String, SpecNode> map,
                     List<SpecNode> list, String text) {
        this.kind = kind;
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path;
        this.map = map;
        this.list = list;
        this.text = text;
    }

    /** Parses a YAML document; {@code source} names it in messages (usually the file path). */
    public static SpecNode parse(String yaml, String source) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            String where = m == null ? source : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new SpecException(where + ": invalid YAML: " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new SpecException(source + ": invalid YAML: " + e.getMessage(), e);
        }
        if (root.isEmpty()) {
            throw new SpecException(source + ":1:1: the document is empty");
        }
        return convert(root.get(), source, "");
    }

    private static SpecNode convert(Node n, String source, String path) {
        Mark m = n.getStartMark().orElse(null);
        int line = m == null ? 0 : m.getLine() + 1;
        int col = m == null ? 0 : m.getColumn() + 1;
        if (n instanceof MappingNode mn) {
            Map<String, SpecNode> out = new LinkedHashMap<>();
            for (NodeTuple t : mn.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new SpecException(locate(source, t.getKeyNode()) + ": " + display(path)
                            + ": keys must be plain strings");
                }
                String key = k.getValue();
                if (out.containsKey(key)) {
                    throw new SpecException(locate(source, k) + ": " + display(join(path, key))
                            + ": duplicate key '" + key + "'");
                }
                out.put(key, convert(t.getValueNode(), source, join(path, key)));
            }
            return new SpecNode(Kind.MAP, source, line, col, path, Collections.unmodifiableMap(out), null, null);
        }
        if (n instanceof SequenceNode sn) {
            List<SpecNode> out = new ArrayList<>();
            int i = 0;
            for (Node item : sn.getValue()) {
                out.add(convert(item, source, path + "[" + i++ + "]"));
            }
            return new SpecNode(Kind.LIST, source, line, col, path, null, Collections.unmodifiableList(out), null);
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        Kind kind;
        if (s.getScalarStyle() != ScalarStyle.PLAIN) {
            kind = Kind.STRING;
        } else if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            kind = Kind.NUMBER;
        } else if (tag.equals(Tag.BOOL)) {
            kind = Kind.BOOLEAN;
        } else if (tag.equals(Tag.NULL)) {
            kind = Kind.NULL;
        } else {
            kind = Kind.STRING;
        }
        return new SpecNode(kind, source, line, col, path, null, null, s.getValue());
    }

    private static String locate(String source, Node n) {
        return n.getStartMark().map(m -> source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(source);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String display(String path) {
        return path.isEmpty() ? "(document)" : path;
    }

    // ------------------------------------------------------------------ location and errors

    /** The kind of value. */
    public Kind kind() {
        return kind;
    }

    /** The field path, e.g. {@code optimizers.adam.lr} or {@code monitors[0].every}. */
    public String path() {
        return path;
    }

    /** {@code file:line:column}. */
    public String location() {
        return source + ":" + line + ":" + column;
    }

    /** A {@link SpecException} pointing at this node: {@code file:line:col: path: message}. */
    public SpecException error(String message) {
        return new SpecException(location() + ": " + display(path) + ": " + message);
    }

    // ------------------------------------------------------------------ maps

    /** True for a mapping. */
    public boolean isMap() {
        return kind == Kind.MAP;
    }

    /** The keys of a mapping, in document order. */
    public Set<String> keys() {
        return requireMap().keySet();
    }

    /** The entries of a mapping. */
    public Map<String, SpecNode> entries() {
        return requireMap();
    }

    /** True when a mapping has the key. */
    public boolean has(String key) {
        return requireMap().containsKey(key);
    }

    /** The value at key, or an error naming the missing field. */
    public SpecNode get(String key) {
        SpecNode v = requireMap().get(key);
        if (v == null) {
            throw error("missing required field '" + key + "'");
        }
        return v;
    }

    /** The value at key, if present and not null. */
    public Optional<SpecNode> find(String key) {
        SpecNode v = requireMap().get(key);
        return v == null || v.kind == Kind.NULL ? Optional.empty() : Optional.of(v);
    }

    /** Rejects keys outside {@code allowed}, suggesting the closest allowed key. */
    public SpecNode allowOnly(Collection<String> allowed) {
        for (Map.Entry<String, SpecNode> e : requireMap().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String hint = closest(e.getKey(), allowed);
                throw e.getValue().error("unknown field '" + e.getKey() + "'"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; allowed: "
                        + String.join(", ", allowed));
            }
        }
        return this;
    }

    private Map<String, SpecNode> requireMap() {
        if (kind != Kind.MAP) {
            throw error("expected a mapping (key: value), got " + describe());
        }
        return map;
    }

    // ------------------------------------------------------------------ lists

    /** The items of a list. */
    public List<SpecNode> items() {
        if (kind != Kind.LIST) {
            throw error("expected a list, got " + describe());
        }
        return list;
    }

    /** True for a list. */
    public boolean isList() {
        return kind == Kind.LIST;
    }

    // ------------------------------------------------------------------ scalars

    /** A number. */
    public double asDouble() {
        if (kind != Kind.NUMBER) {
            throw error("expected a number, got " + describe());
        }
        String t = text.replace("_", "");
        return switch (t) {
            case ".inf", "+.inf", ".Inf", "+.Inf", ".INF", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            default -> t.startsWith("0x") ? Long.decode(t) : t.startsWith("0o") ? Long.parseLong(t.substring(2), 8)
                    : Double.parseDouble(t);
        };
    }

    /** An integer (a number without fractional part). */
    public long asLong() {
        double v = asDouble();
        if (v != Math.rint(v) || Math.abs(v) > 9.007199254740992E15) {
            throw error("expected an integer, got " + text);
        }
        return (long) v;
    }

    /** An integer in [min, max]. */
    public long asLong(long min, long max) {
        long v = asLong();
        if (v < min || v > max) {
            throw error("value " + v + " is outside [" + min + ", " + (max == Long.MAX_VALUE ? "∞" : max) + "]");
        }
        return v;
    }

    /** A boolean. */
    public boolean asBoolean() {
        if (kind != Kind.BOOLEAN) {
            throw error("expected true or false, got " + describe());
        }
        return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
    }

    /** A string (a quoted or plain non-numeric scalar). */
    public String asString() {
        if (kind != Kind.STRING) {
            throw error("expected a string, got " + describe());
        }
        return text;
    }

    /** One of {@code choices}. */
    public String asChoice(Collection<String> choices) {
        String s = kind == Kind.STRING ? text : null;
        if (s == null || !choices.contains(s)) {
            throw error("expected one of " + String.join(", ", choices) + ", got " + describe());
        }
        return s;
    }

    /**
     * The plain Java value: Double or Long for numbers (Long when integral), Boolean, String,
     * null, List and Map of those.
     */
    public Object toValue() {
        return switch (kind) {
            case MAP -> {
                Map<String, Object> m = new LinkedHashMap<>();
                map.forEach((k, v) -> m.put(k, v.toValue()));
                yield m;
            }
            case LIST -> {
                List<Object> l = new ArrayList<>();
                list.forEach(v -> l.add(v.toValue()));
                yield l;
            }
            case NUMBER -> {
                double d = asDouble();
                yield d == Math.rint(d) && Math.abs(d) < 9e15 && !text.contains(".") && !text.contains("e")
                        && !text.contains("E") ? (Object) (long) d : (Object) d;
            }
            case BOOLEAN -> asBoolean();
            case STRING -> text;
            case NULL -> null;
        };
    }

    /** The value as compact YAML-like text, for labels and hashes. */
    public String render() {
        return switch (kind) {
            case MAP -> {
                StringBuilder sb = new StringBuilder("{");
                map.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(v.render()));
                yield sb.append('}').toString();
            }
            case LIST -> {
                StringBuilder sb = new StringBuilder("[");
                list.forEach(v -> sb.append(sb.length() > 1 ? ", " : "").append(v.render()));
                yield sb.append(']').toString();
            }
            case NULL -> "null";
            default -> text;
        };
    }

    private String describe() {
        return switch (kind) {
            case MAP -> "a mapping";
            case LIST -> "a list";
            case NULL -> "null";
            case NUMBER -> "the number " + text;
            case BOOLEAN -> "the boolean " + text;
            case STRING -> "the string '" + text + "'";
        };
    }

    // ------------------------------------------------------------------ substitution

    /**
     * A copy of this tree with the value at a dotted path ({@code a.b.c}; keys only) replaced by
     * {@code value}, which keeps its own location (so errors point at the grid entry that set it).
     * Missing intermediate mappings are an error at {@code origin}.
     */
    public SpecNode with(String dottedPath, SpecNode value, SpecNode origin) {
        String[] keys = dottedPath.split("\\.");
        return replace(keys, 0, value, origin);
    }

    private SpecNode replace(String[] keys, int depth, SpecNode value, SpecNode origin) {
        if (kind != Kind.MAP) {
            throw origin.error("path '" + String.join(".", keys) + "': '" + display(path)
                    + "' is not a mapping, so it has no field '" + keys[depth] + "'");
        }
        Map<String, SpecNode> copy = new LinkedHashMap<>(map);
        String key = keys[depth];
        if (depth == keys.length - 1) {
            copy.put(key, value.relocate(join(path, key)));
        } else {
            SpecNode child = map.get(key);
            if (child == null) {
                throw origin.error("path '" + String.join(".", keys) + "': '" + display(path) + "' has no field '"
                        + key + "'");
            }
            copy.put(key, child.replace(keys, depth + 1, value, origin));
        }
        return new SpecNode(kind, source, line, column, path, Collections.unmodifiableMap(copy), null, null);
    }

    /** This node (and its subtree) with a new field path, keeping file positions. */
    private SpecNode relocate(String newPath) {
        Map<String, SpecNode> m = null;
        List<SpecNode> l = null;
        if (kind == Kind.MAP) {
            m = new LinkedHashMap<>();
            for (Map.Entry<String, SpecNode> e : map.entrySet()) {
                m.put(e.getKey(), e.getValue().relocate(join(newPath, e.getKey())));
            }
            m = Collections.unmodifiableMap(m);
        } else if (kind == Kind.LIST) {
            l = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                l.add(list.get(i).relocate(newPath + "[" + i + "]"));
            }
            l = Collections.unmodifiableList(l);
        }
        return new SpecNode(kind, source, line, column, newPath, m, l, text);
    }

    private static String closest(String key, Collection<String> allowed) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = editDistance(key, a);
            if (d < bestDist) {
                bestDist = d;
                best = a;
            }
        }
        return bestDist <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public String toString() {
        return render();
    }
}
