package dev.curvature.optim;

import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.registry.Param;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyperparameters of a registered component as its builder sees them: the declared defaults
 * ({@link Param}) overridden by given values. Every value is checked against its declaration when
 * this is built: its kind (a number, an integer, a flag, one of the choices, a string, a number or
 * schedule, a number or {@code auto}, a list) and the declared range of its numbers; numbers are
 * stored in the kind's type (an integer given as 5.0 is 5, a number given as 5 is 5.0). The typed
 * accessors check that the builder reads a parameter as what it declared. Every error is a
 * {@link HyperparameterException} naming the owner and the parameter.
 */
public final class Hyperparameters {

    /**
     * The default of a number derived from the other parameters unless the user gives it (the
     * PGD constants of Jin et al., for example); a user may also pass the string {@code auto}.
     */
    public record Auto() {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** The {@link Auto} default. */
    public static final Auto AUTO = new Auto();

    private final String owner;
    private final Map<String, Param> declared = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * The declared defaults of {@code owner} with {@code overrides} merged in and checked; an unknown
     * key is an error naming the known ones, a missing required one an error naming what it expects.
     */
    public Hyperparameters(String owner, List<Param> params, Map<String, ?> overrides) {
        this.owner = owner;
        for (Param p : params) {
            declared.put(p.name(), p);
        }
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            if (!declared.containsKey(e.getKey())) {
                throw new HyperparameterException(owner, e.getKey(), owner + ": unknown hyperparameter '" + e.getKey()
                        + "' (known: " + String.join(", ", declared.keySet()) + ")");
            }
            if (e.getValue() == null) {
                throw new HyperparameterException(owner, e.getKey(), owner + ": " + e.getKey() + " must not be null");
            }
        }
        for (Param p : params) {
            Object v = overrides.containsKey(p.name()) ? overrides.get(p.name()) : p.defaultValue();
            if (v == null) {
                throw new HyperparameterException(owner, p.name(), owner + ": " + p.name() + " is required ("
                        + p.expects() + ")");
            }
            values.put(p.name(), validate(owner, p, v));
        }
    }

    /**
     * {@code v} checked against {@code p} and converted to the kind's type; throws a
     * {@link HyperparameterException} naming {@code owner} and the parameter otherwise.
     */
    public static Object validate(String owner, Param p, Object v) {
        String name = p.name();
        switch (p.kind()) {
            case NUMBER -> {
                if (v instanceof Number n) {
                    return inRange(owner, p, n.doubleValue());
                }
            }
            case INTEGER -> {
                if (v instanceof Number n) {
                    double d = n.doubleValue();
                    if (d != Math.rint(d) || Double.isInfinite(d)) {
                        throw wrongType(owner, name, p.expects(), d);
                    }
                    if (!(v instanceof Long || v instanceof Integer) && !(Math.abs(d) < 0x1p63)) {
                        throw new HyperparameterException(owner, name, owner + ": " + name + " = " + v
                                + " is outside the integers, [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]");
                    }
                    long l = v instanceof Long || v instanceof Integer ? n.longValue() : (long) d;
                    if (p.range() != null && !p.range().contains(l)) {
                        throw new HyperparameterException(owner, name, owner + ": " + name + " = " + l
                                + " is outside " + p.range());
                    }
                    return l;
                }
            }
            case FLAG -> {
                if (v instanceof Boolean) {
                    return v;
                }
            }
            case ENUM -> {
                if (v instanceof String s) {
                    // Case-insensitive, as the parsers of the choices (kernels, dtypes, conventions) are.
                    if (p.choices().stream().noneMatch(c -> c.equalsIgnoreCase(s))) {
                        throw new HyperparameterException(owner, name, owner + ": " + name + " = " + s
                                + " is not one of " + String.join(", ", p.choices()));
                    }
                    return s;
                }
            }
            case STRING -> {
                if (v instanceof String) {
                    return v;
                }
            }
            case SCHEDULE -> {
                if (v instanceof Number n) {
                    return inRange(owner, p, n.doubleValue());
                }
                if (v instanceof Schedule s) {
                    // A varying schedule is checked where it is evaluated, at every step.
                    if (s.isConstant()) {
                        inRange(owner, p, s.value(0, null));
                    }
                    return s;
                }
            }
            case NUMBER_OR_AUTO -> {
                if (v instanceof Number n) {
                    return inRange(owner, p, n.doubleValue());
                }
                if (v instanceof Auto || "auto".equals(v)) {
                    return AUTO;
                }
            }
            case NUMBERS, INTEGERS -> {
                List<Object> out = listOf(v);
                if (out != null) {
                    boolean integers = p.kind() == Param.Kind.INTEGERS;
                    for (int i = 0; i < out.size(); i++) {
                        if (!(out.get(i) instanceof Number n)
                                || integers && (n.doubleValue() != Math.rint(n.doubleValue())
                                        || Double.isInfinite(n.doubleValue()))) {
                            throw wrongType(owner, name, p.expects(), v);
                        }
                        double d = n.doubleValue();
                        if (p.range() != null && !p.range().contains(d)) {
                            throw new HyperparameterException(owner, name, owner + ": " + name + "[" + i + "] = "
                                    + (integers ? Long.toString((long) d) : Double.toString(d)) + " is outside "
                                    + p.range());
                        }
                        out.set(i, integers ? (Object) (long) d : (Object) d);
                    }
                    return Collections.unmodifiableList(out);
                }
            }
        }
        throw wrongType(owner, name, p.kind() == Param.Kind.ENUM ? "a string (" + p.expects() + ")"
                : p.kind() == Param.Kind.SCHEDULE ? "a number or a schedule" : p.expects(), v);
    }

    private static double inRange(String owner, Param p, double v) {
        if (p.range() != null && !p.range().contains(v)) {
            throw Check.outside(owner, p.name(), v, p.range());
        }
        return v;
    }

    private static List<Object> listOf(Object v) {
        if (v instanceof double[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (double d : a) {
                out.add(d);
            }
            return out;
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return null;
    }

    /** The component these parameters belong to (the prefix of every message). */
    public String owner() {
        return owner;
    }

    /** All values after merging. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** A number that may be {@link #AUTO} (or the string {@code auto}): NaN then, for the caller to derive. */
    public double numberOrAuto(String name) {
        Object v = get(name, Param.Kind.NUMBER_OR_AUTO);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A number parameter. */
    public double number(String name) {
        return ((Number) get(name, Param.Kind.NUMBER)).doubleValue();
    }

    /** An integer parameter. */
    public long integer(String name) {
        return (Long) get(name, Param.Kind.INTEGER);
    }

    /**
     * An integer parameter that a builder stores in an {@code int} (a dimension, a count): above
     * {@link Integer#MAX_VALUE} it is refused with its range instead of wrapping around.
     */
    public int intValue(String name) {
        long v = integer(name);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            Param.Range r = declared.get(name).range();
            Param.Range ints = r == null ? new Param.Range(Integer.MIN_VALUE, true, Integer.MAX_VALUE, true)
                    : new Param.Range(Math.max(r.lo(), Integer.MIN_VALUE), r.loInclusive() || r.lo() < Integer.MIN_VALUE,
                            Math.min(r.hi(), Integer.MAX_VALUE), r.hiInclusive() || r.hi() > Integer.MAX_VALUE);
            throw new HyperparameterException(owner, name, owner + ": " + name + " = " + v + " is outside " + ints);
        }
        return (int) v;
    }

    /** A flag. */
    public boolean flag(String name) {
        return (Boolean) get(name, Param.Kind.FLAG);
    }

    /** A string or the chosen value of an enum parameter. */
    public String text(String name) {
        return (String) get(name, Param.Kind.STRING, Param.Kind.ENUM);
    }

    /** A schedulable parameter: a number (a constant schedule) or a {@link Schedule}. */
    public Schedule schedule(String name) {
        Object v = get(name, Param.Kind.SCHEDULE);
        return v instanceof Schedule s ? s : Schedules.constant(((Number) v).doubleValue());
    }

    /** A list of numbers (or of integers, as doubles). */
    public double[] numbers(String name) {
        List<?> l = (List<?>) get(name, Param.Kind.NUMBERS, Param.Kind.INTEGERS);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    /** A list of integers. */
    public long[] integers(String name) {
        List<?> l = (List<?>) get(name, Param.Kind.INTEGERS);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    /** The value of a declared parameter read as one of {@code kinds}; reading it as another is a bug of the builder. */
    private Object get(String name, Param.Kind... kinds) {
        Param p = declared.get(name);
        if (p == null) {
            throw new IllegalStateException(owner + ": no hyperparameter '" + name + "' is declared");
        }
        if (!List.of(kinds).contains(p.kind())) {
            throw new IllegalStateException(owner + ": " + name + " is declared " + p.kind() + ", read as "
                    + List.of(kinds));
        }
        return values.get(name);
    }

    private static HyperparameterException wrongType(String owner, String name, String expected, Object v) {
        String got = v instanceof Schedule s ? "a schedule (" + s.describe() + ")"
                : v + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")");
        return new HyperparameterException(owner, name, owner + ": " + name + " must be " + expected + ", got " + got);
    }
}
