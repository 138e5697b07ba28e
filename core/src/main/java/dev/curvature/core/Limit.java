package dev.curvature.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The resource limits of a Curvature process, checked before anything is allocated: a request
 * beyond a limit is refused with a {@link LimitExceededException} that names the limit and how to
 * raise it, instead of ending in an {@link OutOfMemoryError} or a stack overflow after minutes of
 * work.
 *
 * <p>Each limit has a default; it is raised (or lowered) for the whole process by the system
 * property {@code curvature.limit.NAME} (for example {@code -Dcurvature.limit.elements=1000000000}
 * in {@code CURVATURE_JVM_OPTS}), by the command-line option {@code --limit NAME=VALUE}, or by
 * {@link #set(long)} from a program. The defaults suit a machine with a few GiB of heap; they are
 * the contract documented in {@code docs/limits.md}.
 */
public enum Limit {
    /** Bytes of one experiment spec file. */
    SPEC_BYTES("spec_bytes", 4L << 20, "bytes in an experiment spec"),
    /** Nesting levels (maps and lists inside each other) of an experiment spec. */
    SPEC_DEPTH("spec_depth", 64, "nesting levels in an experiment spec"),
    /** Runs in one experiment's plan (grid points × optimizers × repeats). */
    RUNS("runs", 100_000, "runs in one experiment"),
    /**
     * Elements of one array: a problem's parameter vector or data matrix, an {@code .npy} input,
     * a matrix of a probe. 2²⁸ elements are 2 GiB in f64; optimizer state multiplies it.
     */
    ELEMENTS("elements", 1L << 28, "elements in one array");

    private static final Map<Limit, Long> OVERRIDES = new ConcurrentHashMap<>();

    private final String key;
    private final long defaultValue;
    private final String unit;

    Limit(String key, long defaultValue, String unit) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.unit = unit;
    }

    /** The name used by {@code --limit NAME=VALUE} and {@code -Dcurvature.limit.NAME}. */
    public String key() {
        return key;
    }

    public long defaultValue() {
        return defaultValue;
    }

    /** What the limit counts, in words ("elements in one array"). */
    public String unit() {
        return unit;
    }

    /** The limit now in force: a value {@link #set} for this process, the system property, or the default. */
    public long value() {
        Long v = OVERRIDES.get(this);
        if (v != null) {
            return v;
        }
        String p = System.getProperty("curvature.limit." + key);
        if (p == null) {
            return defaultValue;
        }
        try {
            return parseValue(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property curvature.limit." + key + ": " + e.getMessage(), e);
        }
    }

    /** Sets the limit for this process (at least 1). */
    public void set(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("limit " + key + " must be at least 1, got " + value);
        }
        OVERRIDES.put(this, value);
    }

    /** Forgets a value {@link #set} for this process (tests). */
    public void reset() {
        OVERRIDES.remove(this);
    }

    /**
     * Refuses {@code requested} units when it is above the limit.
     *
     * @param what what asked for them, for the message ("problem rosenbrock (n = 2000000000)")
     */
    public void check(long requested, String what) {
        long max = value();
        if (requested > max || requested < 0) {
            throw new LimitExceededException(this, requested < 0 ? "more than 9.2e18" : Long.toString(requested),
                    what);
        }
    }

    /**
     * The refusal of a request known only to be above the limit: a stream that was read up to the
     * limit and went on.
     */
    public LimitExceededException exceeded(String what) {
        return new LimitExceededException(this, "more than " + value(), what);
    }

    /**
     * The product of sizes, {@link Long#MAX_VALUE} when it overflows: what a count of elements or
     * runs is compared with, so that no product of large factors wraps around below a limit.
     */
    public static long product(long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f < 0) {
                throw new IllegalArgumentException("a size cannot be negative, got " + f);
            }
            if (f == 0) {
                return 0;
            }
            p = f > Long.MAX_VALUE / p ? Long.MAX_VALUE : p * f;
        }
        return p;
    }

    /** The limit of a name, or an error listing the names. */
    public static Limit of(String key) {
        for (Limit l : values()) {
            if (l.key.equals(key.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown limit '" + key + "'; the limits are "
                + Arrays.stream(values()).map(Limit::key).collect(Collectors.joining(", ")));
    }

    /**
     * Applies a {@code NAME=VALUE} setting (the {@code --limit} option); VALUE is a whole number,
     * also written as {@code 1e9} or {@code 1_000_000}.
     */
    public static Limit apply(String setting) {
        int eq = setting.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected NAME=VALUE, got '" + setting + "'");
        }
        Limit l = of(setting.substring(0, eq));
        l.set(parseValue(setting.substring(eq + 1)));
        return l;
    }

    private static long parseValue(String text) {
        String t = text.trim().replace("_", "");
        try {
            if (t.matches("[0-9]+")) {
                return Long.parseLong(t);
            }
            double d = Double.parseDouble(t);
            if (d >= 1 && d < 9.2e18 && d == Math.rint(d)) {
                return (long) d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a limit is a whole number from 1 to 9.2e18, got '" + text + "'");
    }

    /** Thrown when a request is above a {@link Limit}; the message says how to raise it. */
    public static final class LimitExceededException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Limit limit;

        LimitExceededException(Limit limit, String amount, String what) {
            super(String.format(Locale.ROOT, "%s needs %s %s, above the limit of %d (limit '%s'; raise it with "
                            + "--limit %s=N or -Dcurvature.limit.%s=N, and give Java the memory it needs with -Xmx)",
                    what, amount, limit.unit, limit.value(), limit.key, limit.key, limit.key));
            this.limit = limit;
        }

        public Limit limit() {
            return limit;
        }
    }
}
