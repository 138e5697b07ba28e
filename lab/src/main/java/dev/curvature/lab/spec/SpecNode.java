package dev.curvature.lab.spec;

import dev.curvature.core.Limit;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
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
 * An immutable YAML value that remembers where it was written (file, line, column, and the
 * position of the key it sits under) and its field path in the document, so every error about it
 * can point at it. Parsed with SnakeYAML Engine's composer (YAML 1.2 core schema); anchors and
 * aliases are resolved, duplicate keys rejected.
 */
public final class SpecNode {
    /** The kinds of YAML values. */
    public enum Kind { MAP, LIST, NUMBER, BOOLEAN, STRING, NULL }

    /** Names other tools use for a field, and the field they mean here (for did-you-mean hints). */
    private static final Map<String, List<String>> ALIASES = Map.ofEntries(
            Map.entry("dim", List.of("n")), Map.entry("dimension", List.of("n")), Map.entry("d", List.of("n")),
            Map.entry("learning_rate", List.of("lr")), Map.entry("step_size", List.of("lr")),
            Map.entry("beta1", List.of("b1")), Map.entry("beta2", List.of("b2")),
            Map.entry("betas", List.of("b1")), Map.entry("epsilon", List.of("eps")),
            Map.entry("steps", List.of("max_steps")), Map.entry("iterations", List.of("max_steps")),
            Map.entry("seeds", List.of("repeats")), Map.entry("optimizer", List.of("optimizers")),
            Map.entry("monitor", List.of("monitors")), Map.entry("stopping", List.of("stop")),
            Map.entry("type", List.of("name")), Map.entry("decay", List.of("weight_decay")),
            Map.entry("momentum", List.of("beta")));

    private final Kind kind;
    private final String source;
    private final int line;
    private final int column;
    private final String path;
    private final int keyLine;
    private final int keyColumn;
    private final Map<String, SpecNode> map;
    private final List<SpecNode> list;
    private final String text;

    private SpecNode(Kind kind, String source, int line, int column, String path, int keyLine, int keyColumn,
                     Map<String, SpecNode> map, List<SpecNode> list, String text) {
        this.kind = kind;
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path;
        this.keyLine = keyLine;
        this.keyColumn = keyColumn;
        this.map = map;
        this.list = list;
        this.text = text;
    }

    /**
     * Parses a YAML document; {@code source} names it in messages (usually the file path). A text
     * above {@link Limit#SPEC_BYTES} is refused with a {@link Limit.LimitExceededException}, one
     * nested deeper than {@link Limit#SPEC_DEPTH} with a {@link SpecException} at the level that is
     * too deep, before the (recursive) composer sees it.
     */
    public static SpecNode parse(String yaml, String source) {
        Limit.SPEC_BYTES.check(utf8Length(yaml), "spec " + source);
        LoadSettings settings = settings(yaml, source);
        Optional<Node> root;
        try {
            checkDepth(yaml, source, settings);
            root = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            boolean unclosedQuote = e.getContext() != null && e.getContext().contains("scanning a quoted scalar");
            Mark m = (unclosedQuote ? e.getContextMark().or(e::getProblemMark) : e.getProblemMark()
                    .or(e::getContextMark)).orElse(null);
            String where = m == null ? source + ":1:1" : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            throw new SpecException(where + ": " + display(pathAt(yaml, m)) + ": invalid YAML: " + explain(e), e);
        } catch (YamlEngineException e) {
            throw new SpecException(source + ":1:1: (document): invalid YAML: " + e.getMessage(), e);
        }
        if (root.isEmpty()) {
            throw new SpecException(source + ":1:1: (document): the spec is empty; it needs at least the fields "
                    + "name, problem, optimizers and stop");
        }
        return convert(root.get(), new Expansion(source, yaml.length()), "", 0, 0);
    }

    /**
     * What converting the composed YAML graph has met so far. Aliases make the graph a DAG or
     * even cyclic ({@code a: &a [*a]}): a node met again on its own path is refused, and so is an
     * expansion to many more values than the text has characters (the "billion laughs" of nested
     * aliases), before it exhausts the stack or the heap. Text without aliases has at most one value
     * per character, so the bound of 4 per character (and 4096) leaves ordinary anchors free.
     */
    private static final class Expansion {
        final String source;
        final long maxValues;
        final java.util.Set<Node> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        long values;

        Expansion(String source, long textLength) {
            this.source = source;
            this.maxValues = 4 * textLength + 4096;
        }

        void enter(Node n, String path) {
            if (!open.add(n)) {
                throw new SpecException(locate(source, n) + ": " + display(path)
                        + ": this value contains itself through an alias (a recursive alias); write it out instead");
            }
            if (++values > maxValues) {
                throw new SpecException(locate(source, n) + ": " + display(path) + ": aliases expand this spec to more "
                        + "than " + maxValues + " values (4 per character of its text, and 4096); write the values out "
                        + "or use fewer nested aliases");
            }
            if (open.size() > Limit.SPEC_DEPTH.value()) {
                try {
                    Limit.SPEC_DEPTH.check(open.size(), "this value, with its aliases expanded,");
                } catch (Limit.LimitExceededException e) {
                    throw new SpecException(locate(source, n) + ": " + display(path) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * The loader's settings for {@code yaml}: its reading buffer holds the whole text, because
     * SnakeYAML Engine 2.9 reads past its buffer when a character outside the Basic Multilingual
     * Plane (a surrogate pair) straddles the buffer's end; the code point limit is the spec's.
     */
    private static LoadSettings settings(String yaml, String source) {
        long limit = Math.min(Integer.MAX_VALUE - 16, Limit.SPEC_BYTES.value());
        return LoadSettings.builder().setLabel(source).setBufferSize(Math.max(1024, yaml.length() + 2))
                .setCodePointLimit((int) limit).build();
    }

    /** Bytes of {@code text} in UTF-8, without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Refuses nesting deeper than {@link Limit#SPEC_DEPTH} at the mapping or list that goes too
     * deep: the event parser keeps its own stack, so counting there cannot overflow the call stack,
     * while composing the tree (and everything after it) recurses once per level.
     */
    private static void checkDepth(String yaml, String source, LoadSettings settings) {
        long max = Limit.SPEC_DEPTH.value();
        long depth = 0;
        for (Event ev : new Parse(settings).parseString(yaml)) {
            switch (ev.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > max) {
                        Mark m = ev.getStartMark().orElse(null);
                        String where = m == null ? source + ":1:1"
                                : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
                        try {
                            Limit.SPEC_DEPTH.check(depth, "this " + (ev.getEventId() == Event.ID.MappingStart
                                    ? "mapping" : "list"));
                        } catch (Limit.LimitExceededException e) {
                            String path = display(pathAt(yaml, m));
                            int cut = Math.max(path.lastIndexOf('[', 40), path.lastIndexOf('.', 40));
                            throw new SpecException(where + ": " + (path.length() <= 80 ? path
                                    : path.substring(0, cut > 0 ? cut : 40) + "…(" + depth + " levels)") + ": "
                                    + e.getMessage(), e);
                        }
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> { }
            }
        }
    }

    /** SnakeYAML's problem, phrased for a person, with where the enclosing construct starts. */
    private static String explain(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        if (problem.contains("\\t(TAB)")) {
            return "a tab character cannot indent or start a value; indent with spaces";
        }
        if (problem.equals("mapping values are not allowed here")) {
            return "a 'key: value' is not allowed here (check the indentation of this line and the line above)";
        }
        problem = problem.replaceFirst("but got ([^<\\s].*)$", "but got '$1'")
                .replaceFirst("but found ([^<'\\s].*)$", "but found '$1'");
        String context = e.getContext() == null ? "" : e.getContext().strip();
        String start = e.getContextMark().map(m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(null);
        if (context.startsWith("while parsing a flow mapping")) {
            return problem + " (the '{' at " + start + " is not closed or a ',' is missing)";
        }
        if (context.startsWith("while parsing a flow sequence")) {
            return problem + " (the '[' at " + start + " is not closed or a ',' is missing)";
        }
        if (context.startsWith("while scanning a quoted scalar")) {
            return "this quoted string is not closed (no matching quote before the end of the file)";
        }
        if (context.startsWith("expected a single document")) {
            return "a spec is a single YAML document, but another one starts here";
        }
        if (context.isEmpty()) {
            return problem;
        }
        return problem + " (" + context + (start == null ? "" : " at " + start) + ")";
    }

    /**
     * The field path at a position of a document that does not parse: the YAML events before it are
     * replayed, keeping track of the keys and list indices that enclose it.
     */
    private static String pathAt(String yaml, Mark mark) {
        final class Frame {
            final boolean mapping;
            final String path;
            String key;
            int index;
            boolean expectKey = true;

            Frame(boolean mapping, String path) {
                this.mapping = mapping;
                this.path = path;
            }

            String child() {
                return mapping ? (key == null || expectKey ? path : join(path, key)) : path + "[" + index + "]";
            }

            void consumed() {
                if (mapping) {
                    expectKey = true;
                } else {
                    index++;
                }
            }
        }
        Deque<Frame> stack = new ArrayDeque<>();
        try {
            for (Event ev : new Parse(settings(yaml, "")).parseString(yaml)) {
                if (mark != null && ev.getStartMark().map(m -> m.getIndex() >= mark.getIndex()).orElse(false)) {
                    break;
                }
                Frame top = stack.peek();
                switch (ev.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        String p = top == null ? "" : top.child();
                        if (top != null && top.mapping && top.expectKey) {
                            top.key = "?";
                            top.expectKey = false;
                        }
                        stack.push(new Frame(ev.getEventId() == Event.ID.MappingStart, p));
                    }
                    case MappingEnd, SequenceEnd -> {
                        stack.pop();
                        if (stack.peek() != null) {
                            stack.peek().consumed();
                        }
                    }
                    case Scalar, Alias -> {
                        if (top != null && top.mapping && top.expectKey) {
                            top.key = ev instanceof ScalarEvent se ? se.getValue() : "*";
                            top.expectKey = false;
                        } else if (top != null) {
                            top.consumed();
                        }
                    }
                    default -> { }
                }
            }
        } catch (YamlEngineException stop) {
            // The events up to the error are all that is needed.
        }
        return stack.isEmpty() ? "" : stack.peek().child();
    }

    private static SpecNode convert(Node n, Expansion x, String path, int keyLine, int keyColumn) {
        x.enter(n, path);
        try {
            return convertEntered(n, x, path, keyLine, keyColumn);
        } finally {
            x.open.remove(n);
        }
    }

    private static SpecNode convertEntered(Node n, Expansion x, String path, int keyLine, int keyColumn) {
        String source = x.source;
        Mark m = n.getStartMark().orElse(null);
        int line = m == null ? 0 : m.getLine() + 1;
        int col = m == null ? 0 : m.getColumn() + 1;
        if (n instanceof MappingNode mn) {
            Map<String, SpecNode> out = new LinkedHashMap<>();
            for (NodeTuple t : mn.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new SpecException(locate(source, t.getKeyNode()) + ": " + display(path)
                            + ": keys must be plain strings, not lists or mappings");
                }
                String key = k.getValue();
                if (out.containsKey(key)) {
                    SpecNode first = out.get(key);
                    throw new SpecException(locate(source, k) + ": " + display(join(path, key))
                            + ": duplicate key '" + key + "' (first at line " + first.keyLine + ")");
                }
                Mark km = k.getStartMark().orElse(null);
                out.put(key, convert(t.getValueNode(), x, join(path, key), km == null ? 0 : km.getLine() + 1,
                        km == null ? 0 : km.getColumn() + 1));
            }
            return new SpecNode(Kind.MAP, source, line, col, path, keyLine, keyColumn,
                    Collections.unmodifiableMap(out), null, null);
        }
        if (n instanceof SequenceNode sn) {
            List<SpecNode> out = new ArrayList<>();
            int i = 0;
            for (Node item : sn.getValue()) {
                out.add(convert(item, x, path + "[" + i++ + "]", 0, 0));
            }
            return new SpecNode(Kind.LIST, source, line, col, path, keyLine, keyColumn, null,
                    Collections.unmodifiableList(out), null);
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
        return new SpecNode(kind, source, line, col, path, keyLine, keyColumn, null, null, s.getValue());
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

    /** {@code file:line:column} of the value. */
    public String location() {
        return source + ":" + line + ":" + column;
    }

    /** {@code line:column} of the key this value sits under, or of the value when it has no key. */
    public String keyPosition() {
        return keyLine == 0 ? line + ":" + column : keyLine + ":" + keyColumn;
    }

    /** A {@link SpecException} pointing at this value: {@code file:line:col: path: message}. */
    public SpecException error(String message) {
        return new SpecException(location() + ": " + display(path) + ": " + message);
    }

    /**
     * A {@link SpecException} pointing at the key this value sits under (for errors about the key
     * itself: unknown or forbidden fields), or at the value when it has no key.
     */
    public SpecException keyError(String message) {
        if (keyLine == 0) {
            return error(message);
        }
        return new SpecException(source + ":" + keyLine + ":" + keyColumn + ": " + display(path) + ": " + message);
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
        return get(key, null);
    }

    /** The value at key, or an error naming the missing field and what it should hold. */
    public SpecNode get(String key, String what) {
        SpecNode v = requireMap().get(key);
        if (v == null) {
            throw error("missing required field '" + key + "'" + (what == null ? "" : " (" + what + ")"));
        }
        return v;
    }

    /** The value at key, if present and not null. */
    public Optional<SpecNode> find(String key) {
        SpecNode v = requireMap().get(key);
        return v == null || v.kind == Kind.NULL ? Optional.empty() : Optional.of(v);
    }

    /** Rejects keys outside {@code allowed}, at the key, suggesting the closest allowed key. */
    public SpecNode allowOnly(Collection<String> allowed) {
        return allowOnly(allowed, null);
    }

    /**
     * Rejects keys outside {@code allowed}, at the key, suggesting the closest allowed key;
     * {@code owner} (e.g. {@code adam}) names what takes the fields in the message.
     */
    public SpecNode allowOnly(Collection<String> allowed, String owner) {
        for (Map.Entry<String, SpecNode> e : requireMap().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().keyError("unknown field '" + e.getKey() + "'" + suggest(e.getKey(), allowed)
                        + "; " + (owner == null ? "allowed" : owner + " takes") + ": " + String.join(", ", allowed));
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

    /** True for a number without fractional part (of any size: {@link #asLong} checks the range). */
    public boolean isInteger() {
        return exactInteger() != null;
    }

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
            default -> {
                BigInteger literal = integerLiteral();
                yield literal != null ? literal.doubleValue() : Double.parseDouble(t);
            }
        };
    }

    /** A finite number; infinity and NaN are refused as such. */
    public double asFiniteDouble() {
        double v = asDouble();
        if (!Double.isFinite(v)) {
            throw error("must be a finite number, got " + text);
        }
        return v;
    }

    /** An integer (a number without fractional part) in the range of a {@code long}. */
    public long asLong() {
        return asLong(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * An integer in [min, max], compared exactly (as written, before any narrowing), so that no
     * value wraps around into the range.
     */
    public long asLong(long min, long max) {
        if (kind != Kind.NUMBER) {
            throw error("expected an integer, got " + describe());
        }
        BigInteger v = exactInteger();
        if (v == null) {
            throw error("expected an integer, got " + abbreviated());
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error("must be in [" + min + ", " + max + "]"
                    + ", got " + abbreviated());
        }
        return v.longValue();
    }

    /**
     * The exact value of an integral number: an integer literal (decimal, {@code 0x}, {@code 0o},
     * with {@code _} separators) of any size, or a finite float without fractional part
     * ({@code 1e3}); null for other numbers and other kinds.
     */
    private BigInteger exactInteger() {
        if (kind != Kind.NUMBER) {
            return null;
        }
        BigInteger literal = integerLiteral();
        if (literal != null) {
            return literal;
        }
        double d = asDouble();
        return Double.isFinite(d) && d == Math.rint(d) ? new java.math.BigDecimal(d).toBigIntegerExact() : null;
    }

    /**
     * The value of an integer literal, or null when the text is not one. Beyond 40 digits the value
     * stands for "too large for any range" without converting all of them (a long string of digits
     * would take quadratic time).
     */
    private BigInteger integerLiteral() {
        if (kind != Kind.NUMBER) {
            return null;
        }
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0o")) {
            radix = t.charAt(1) == 'x' ? 16 : 8;
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 40 && !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        BigInteger v;
        try {
            v = t.length() > 40 ? BigInteger.TEN.pow(40) : new BigInteger(t, radix);
        } catch (NumberFormatException e) {
            return null;
        }
        return negative ? v.negate() : v;
    }

    /** The text of a scalar for a message, shortened when it is long. */
    private String abbreviated() {
        return text.length() <= 60 ? text : text.substring(0, 30) + "…(" + text.length() + " characters)";
    }

    /** A boolean. */
    public boolean asBoolean() {
        if (kind != Kind.BOOLEAN) {
            throw error("expected true or false, got " + describe());
        }
        return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
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
            throw error("expected one of " + String.join(", ", choices) + ", got " + describe()
                    + (s == null ? "" : suggest(s, choices)));
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
                BigInteger literal = integerLiteral();
                yield literal != null && literal.bitLength() < 64 ? (Object) literal.longValue() : (Object) asDouble();
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

    /** A mapping {@link #render() rendered} without the fields {@code left}. */
    public String renderWithout(Collection<String> left) {
        if (kind != Kind.MAP) {
            return render();
        }
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (!left.contains(k)) {
                sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(v.render());
            }
        });
        return sb.append('}').toString();
    }

    /** A mapping without the fields {@code left} (the others keep their positions and paths). */
    public SpecNode without(Collection<String> left) {
        Map<String, SpecNode> copy = new LinkedHashMap<>(requireMap());
        copy.keySet().removeAll(left);
        return new SpecNode(kind, source, line, column, path, keyLine, keyColumn, Collections.unmodifiableMap(copy),
                null, null);
    }

    /** What this value is, for messages: {@code a mapping}, {@code the number 3}, {@code the string 'x'}. */
    public String describe() {
        return switch (kind) {
            case MAP -> "a mapping";
            case LIST -> "a list";
            case NULL -> "null (no value)";
            case NUMBER -> "the number " + text;
            case BOOLEAN -> "the boolean " + text;
            case STRING -> "the string '" + text + "'";
        };
    }

    // ------------------------------------------------------------------ substitution

    /**
     * A copy of this tree with the value at a dotted path ({@code a.b.c}; keys only) replaced by
     * {@code value}, which keeps its own location (so errors point at the grid entry that set it).
     * Missing intermediate mappings are an error at the key of {@code origin}.
     */
    public SpecNode with(String dottedPath, SpecNode value, SpecNode origin) {
        String[] keys = dottedPath.split("\\.", -1);
        for (String k : keys) {
            if (k.isEmpty()) {
                throw origin.keyError("path '" + dottedPath + "' has an empty field name");
            }
        }
        return replace(keys, 0, value, origin);
    }

    private SpecNode replace(String[] keys, int depth, SpecNode value, SpecNode origin) {
        if (kind != Kind.MAP) {
            throw origin.keyError("path '" + String.join(".", keys) + "': " + display(path) + " is " + describe()
                    + ", so it has no field '" + keys[depth] + "'");
        }
        Map<String, SpecNode> copy = new LinkedHashMap<>(map);
        String key = keys[depth];
        if (depth == keys.length - 1) {
            copy.put(key, value.relocate(join(path, key)));
        } else {
            SpecNode child = map.get(key);
            if (child == null) {
                throw origin.keyError("path '" + String.join(".", keys) + "': " + display(path) + " has no field '"
                        + key + "'" + suggest(key, map.keySet()) + " (it has: " + String.join(", ", map.keySet())
                        + ")");
            }
            copy.put(key, child.replace(keys, depth + 1, value, origin));
        }
        return new SpecNode(kind, source, line, column, path, keyLine, keyColumn, Collections.unmodifiableMap(copy),
                null, null);
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
        return new SpecNode(kind, source, line, column, newPath, keyLine, keyColumn, m, l, text);
    }

    // ------------------------------------------------------------------ suggestions

    /**
     * {@code " (did you mean 'x'?)"} for the allowed name closest to {@code key} (by edit
     * distance, containment or a common alias), or the empty string when none is close.
     */
    public static String suggest(String key, Collection<String> allowed) {
        String hint = closest(key, allowed);
        return hint == null ? "" : " (did you mean '" + hint + "'?)";
    }

    private static String closest(String key, Collection<String> allowed) {
        for (String alias : ALIASES.getOrDefault(key.toLowerCase(Locale.ROOT), List.of())) {
            if (allowed.contains(alias)) {
                return alias;
            }
        }
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = a;
            }
        }
        if (best != null && bestDist <= Math.max(1, Math.min(2, key.length() / 3))) {
            return best;
        }
        if (key.length() >= 3) {
            List<String> containing = allowed.stream().filter(a -> a.contains(key) || key.contains(a) && a.length() >= 3)
                    .toList();
            if (containing.size() == 1) {
                return containing.get(0);
            }
        }
        return null;
    }

    /** Edit distance with adjacent transpositions counted as one edit (optimal string alignment). */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @Override
    public String toString() {
        return render();
    }
}
