package dev.curvature.optim.registry;

import dev.curvature.optim.Hyperparameters;
import java.util.List;
import java.util.Objects;

/**
 * The declaration of one hyperparameter of a registered component: its name, what it accepts
 * ({@link Kind}), the valid range of its numbers, its default (or none: required), a description
 * and the symbol the paper writes it with ({@code β₁}, {@code η}; empty where there is none).
 * Declarations are written once, next to the builder, and drive everything else: validation of
 * given values ({@link Hyperparameters}), the spec checks and JSON Schema of the lab, and
 * {@code curvature list}.
 *
 * <p>Built fluently: {@code Param.number("b1", 0.9).unit().symbol("β₁").doc("first-moment decay")}.
 *
 * @param name        the key a spec writes
 * @param kind        what values it accepts
 * @param defaultValue the default, already of the kind's canonical type (Double, Long, Boolean,
 *                    String, {@link Hyperparameters#AUTO}, a list); null when the parameter is required
 * @param choices     the allowed strings of an {@link Kind#ENUM}; empty otherwise
 * @param range       the valid range of its numbers (each element of a list); null when unrestricted
 * @param description one line for listings and the schema
 * @param symbol      the paper's symbol, or empty
 */
public record Param(String name, Kind kind, Object defaultValue, List<String> choices, Range range,
                    String description, String symbol) {

    /** What a parameter accepts. */
    public enum Kind {
        /** A real number. */
        NUMBER("a number"),
        /** An integer (a number with no fractional part). */
        INTEGER("an integer"),
        /** true or false. */
        FLAG("true or false"),
        /** One of a fixed set of strings. */
        ENUM("one of the choices"),
        /** Free text. */
        STRING("a string"),
        /** A number (a constant schedule) or a schedule that varies with the step. */
        SCHEDULE("a number or a schedule {schedule: NAME, ...}"),
        /** A number, or {@code auto}: derived from the other parameters. */
        NUMBER_OR_AUTO("a number or auto"),
        /** A list of real numbers. */
        NUMBERS("a list of numbers"),
        /** A list of integers. */
        INTEGERS("a list of integers");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** What it accepts, for messages: {@code a number}, {@code true or false}. */
        public String description() {
            return description;
        }
    }

    /**
     * The interval lo ≤ v ≤ hi, each bound inclusive or not; an infinite bound is never attained,
     * so {@code [0, ∞)} excludes ∞. NaN is never inside.
     */
    public record Range(double lo, boolean loInclusive, double hi, boolean hiInclusive) {
        /** True when v lies inside. */
        public boolean contains(double v) {
            return !Double.isNaN(v) && (loInclusive ? v >= lo : v > lo) && (hiInclusive ? v <= hi : v < hi);
        }

        /** Interval notation, e.g. {@code [0, 1)} or {@code (0, ∞)}. */
        @Override
        public String toString() {
            return (loInclusive ? "[" : "(") + fmt(lo) + ", " + fmt(hi) + (hiInclusive ? "]" : ")");
        }

        /** A bound as written in messages: integers without a fraction, ±∞ as symbols. */
        public static String fmt(double v) {
            if (v == Double.POSITIVE_INFINITY) {
                return "∞";
            }
            if (v == Double.NEGATIVE_INFINITY) {
                return "-∞";
            }
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
        description = description == null ? "" : description;
        symbol = symbol == null ? "" : symbol;
        if (kind == Kind.ENUM && choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": an enum parameter needs choices");
        }
    }

    // ------------------------------------------------------------------ factories

    /** A real number with a default. */
    public static Param number(String name, double dflt) {
        return of(name, Kind.NUMBER, dflt);
    }

    /** A required real number. */
    public static Param number(String name) {
        return of(name, Kind.NUMBER, null);
    }

    /** An integer with a default. */
    public static Param integer(String name, long dflt) {
        return of(name, Kind.INTEGER, dflt);
    }

    /** A required integer. */
    public static Param integer(String name) {
        return of(name, Kind.INTEGER, null);
    }

    /** A boolean. */
    public static Param flag(String name, boolean dflt) {
        return of(name, Kind.FLAG, dflt);
    }

    /** One of {@code choices}, {@code dflt} by default. */
    public static Param choice(String name, String dflt, String... choices) {
        return new Param(name, Kind.ENUM, dflt, List.of(choices), null, "", "");
    }

    /** Free text. */
    public static Param text(String name, String dflt) {
        return of(name, Kind.STRING, dflt);
    }

    /** A number or a schedule, a constant by default. */
    public static Param schedule(String name, double dflt) {
        return of(name, Kind.SCHEDULE, dflt);
    }

    /** A required number or schedule. */
    public static Param schedule(String name) {
        return of(name, Kind.SCHEDULE, null);
    }

    /** A number derived from the others unless given ({@code auto} by default). */
    public static Param numberOrAuto(String name) {
        return of(name, Kind.NUMBER_OR_AUTO, Hyperparameters.AUTO);
    }

    /** A list of numbers with a default. */
    public static Param numbers(String name, List<Double> dflt) {
        return of(name, Kind.NUMBERS, List.copyOf(dflt));
    }

    /** A required list of numbers. */
    public static Param numbers(String name) {
        return of(name, Kind.NUMBERS, null);
    }

    /** A list of integers with a default. */
    public static Param integers(String name, List<Long> dflt) {
        return of(name, Kind.INTEGERS, List.copyOf(dflt));
    }

    /** A required list of integers. */
    public static Param integers(String name) {
        return of(name, Kind.INTEGERS, null);
    }

    private static Param of(String name, Kind kind, Object dflt) {
        return new Param(name, kind, dflt, List.of(), null, "", "");
    }

    // ------------------------------------------------------------------ refinements

    /** This parameter restricted to the interval lo..hi, each bound inclusive as flagged. */
    public Param range(double lo, boolean loInclusive, double hi, boolean hiInclusive) {
        if (kind == Kind.FLAG || kind == Kind.ENUM || kind == Kind.STRING) {
            throw new IllegalArgumentException(name + ": a " + kind + " parameter has no range");
        }
        return new Param(name, kind, defaultValue, choices, new Range(lo, loInclusive, hi, hiInclusive), description,
                symbol);
    }

    /** Restricted to (0, ∞). */
    public Param positive() {
        return range(0, false, Double.POSITIVE_INFINITY, false);
    }

    /** Restricted to [0, ∞). */
    public Param nonNegative() {
        return range(0, true, Double.POSITIVE_INFINITY, false);
    }

    /** Restricted to [0, 1): a momentum or decay factor. */
    public Param unit() {
        return range(0, true, 1, false);
    }

    /** Restricted to [lo, hi]. */
    public Param between(double lo, double hi) {
        return range(lo, true, hi, true);
    }

    /** Restricted to [min, ∞). */
    public Param atLeast(double min) {
        return range(min, true, Double.POSITIVE_INFINITY, false);
    }

    /** Restricted to finite values. */
    public Param finite() {
        return range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
    }

    /** With a one-line description. */
    public Param doc(String text) {
        return new Param(name, kind, defaultValue, choices, range, text, symbol);
    }

    /** With the paper's symbol for it. */
    public Param symbol(String s) {
        return new Param(name, kind, defaultValue, choices, range, description, s);
    }

    /** The same declaration under another name (shared groups such as a preset's AdamW values). */
    public Param named(String other) {
        return new Param(other, kind, defaultValue, choices, range, description, symbol);
    }

    /** The same declaration with another default. */
    public Param withDefault(Object dflt) {
        return new Param(name, kind, dflt, choices, range, description, symbol);
    }

    // ------------------------------------------------------------------ reading

    /** True when a value must be given. */
    public boolean required() {
        return defaultValue == null;
    }

    /** True when a value may be a varying schedule. */
    public boolean schedulable() {
        return kind == Kind.SCHEDULE;
    }

    /** What it accepts, in words: {@code a number}, {@code one of f32, f64}. */
    public String expects() {
        return kind == Kind.ENUM ? "one of " + String.join(", ", choices) : kind.description();
    }

    /** The default as a spec writes it ({@code 0.9}, {@code 5}, {@code auto}), or {@code required}. */
    public String defaultText() {
        if (defaultValue == null) {
            return "required";
        }
        return defaultValue instanceof String s && s.isEmpty() ? "''" : String.valueOf(defaultValue);
    }
}
