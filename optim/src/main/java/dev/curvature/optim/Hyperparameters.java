package dev.curvature.optim;

import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.Schedules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyperparameters of a registered optimizer: its defaults overridden by user values, with
 * typed access. Values are numbers, booleans, strings or {@link Schedule}s (a number where a
 * schedule is expected is a constant schedule).
 */
public final class Hyperparameters {

    /** A default that marks a parameter the user must give; {@code type} names what is expected. */
    public record Required(String type) {
        @Override
        public String toString() {
            return "required " + type;
        }
    }

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
    private final Map<String, Object> values;

    /** Merges {@code overrides} into {@code defaults}; an unknown key is an error naming the known ones. */
    public Hyperparameters(String owner, Map<String, ?> defaults, Map<String, ?> overrides) {
        this.owner = owner;
        this.values = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException(owner + ": unknown hyperparameter '" + e.getKey() + "' (known: "
                        + String.join(", ", defaults.keySet()) + ")");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException(owner + ": " + e.getKey() + " must not be null");
            }
            values.put(e.getKey(), e.getValue());
        }
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
        Object v = get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Auto || "auto".equals(v)) {
            return Double.NaN;
        }
        throw wrongType(name, "a number or auto", v);
    }

    /** A numeric hyperparameter. */
    public double number(String name) {
        Object v = get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(name, "a number", v);
    }

    /** An integer hyperparameter. */
    public long integer(String name) {
        double v = number(name);
        if (v != Math.rint(v)) {
            throw wrongType(name, "an integer", v);
        }
        return (long) v;
    }

    /** A boolean hyperparameter. */
    public boolean flag(String name) {
        Object v = get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "true or false", v);
    }

    /** A string hyperparameter. */
    public String text(String name) {
        Object v = get(name);
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string", v);
    }

    /** A schedulable hyperparameter: a number (constant) or a {@link Schedule}. */
    public Schedule schedule(String name) {
        Object v = get(name);
        if (v instanceof Schedule s) {
            return s;
        }
        if (v instanceof Number n) {
            return Schedules.constant(n.doubleValue());
        }
        throw wrongType(name, "a number or a schedule", v);
    }

    /** A list of numbers. */
    public double[] numbers(String name) {
        Object v = get(name);
        if (v instanceof double[] a) {
            return a.clone();
        }
        if (v instanceof java.util.List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw wrongType(name, "a list of numbers", v);
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw wrongType(name, "a list of numbers", v);
    }

    private Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException(owner + ": no hyperparameter '" + name + "'");
        }
        Object v = values.get(name);
        if (v instanceof Required r) {
            throw new IllegalArgumentException(owner + ": " + name + " is required (" + r.type() + ")");
        }
        return v;
    }

    private IllegalArgumentException wrongType(String name, String expected, Object v) {
        String got = v instanceof Schedule s ? "a schedule (" + s.describe() + ")"
                : v + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")");
        return new IllegalArgumentException(owner + ": " + name + " must be " + expected + ", got " + got);
    }
}
