package dev.curvature.optim;

import dev.curvature.optim.registry.Param;

/**
 * Validation of hyperparameters when an object is built. Every message names the owner, the
 * parameter, its value and the valid range, e.g. {@code adam: b1 = 1.5 is outside [0, 1)}, and is a
 * {@link HyperparameterException} carrying the owner and the parameter.
 */
public final class Check {
    private Check() {}

    /** Requires lo ≤ v ≤ hi (bounds inclusive as flagged) and returns v. */
    public static double range(String owner, String param, double v, double lo, boolean loIncl, double hi,
                               boolean hiIncl) {
        boolean ok = !Double.isNaN(v) && (loIncl ? v >= lo : v > lo) && (hiIncl ? v <= hi : v < hi);
        if (!ok) {
            throw outside(owner, param, v, new Param.Range(lo, loIncl, hi, hiIncl));
        }
        return v;
    }

    /**
     * The error for a value outside its range: {@code adam: b1 = 1.5 is outside [0, 1)}, or, for
     * infinity and NaN, {@code gd: lr must be a finite number in [0, ∞), got Infinity}.
     */
    public static HyperparameterException outside(String owner, String param, double v, Param.Range range) {
        if (!Double.isFinite(v)) {
            boolean anyFinite = range.lo() == Double.NEGATIVE_INFINITY && range.hi() == Double.POSITIVE_INFINITY;
            return new HyperparameterException(owner, param, owner + ": " + param + " must be a finite number"
                    + (anyFinite ? "" : " in " + range) + ", got " + v);
        }
        return new HyperparameterException(owner, param, owner + ": " + param + " = " + v + " is outside " + range);
    }

    /** Requires 0 &lt; v &lt; ∞. */
    public static double positive(String owner, String param, double v) {
        return range(owner, param, v, 0, false, Double.POSITIVE_INFINITY, false);
    }

    /** Requires 0 ≤ v &lt; ∞. */
    public static double nonNegative(String owner, String param, double v) {
        return range(owner, param, v, 0, true, Double.POSITIVE_INFINITY, false);
    }

    /** Requires 0 ≤ v &lt; 1 (a momentum or decay factor). */
    public static double unitInterval(String owner, String param, double v) {
        return range(owner, param, v, 0, true, 1, false);
    }

    /** Requires a finite value. */
    public static double finite(String owner, String param, double v) {
        return range(owner, param, v, Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
    }

    /** Requires an integer ≥ min. */
    public static long atLeast(String owner, String param, long v, long min) {
        if (v < min) {
            throw new HyperparameterException(owner, param, owner + ": " + param + " = " + v + " is outside [" + min
                    + ", ∞)");
        }
        return v;
    }
}
