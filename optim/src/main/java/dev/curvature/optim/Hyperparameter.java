package dev.curvature.optim;

import dev.curvature.optim.schedule.Schedule;

/**
 * A scheduled hyperparameter with its valid range. A constant schedule is checked when the owning
 * transform is built; a varying one is checked at every evaluation, and a value out of range
 * stops the run with a message naming the parameter, the value, the range and the update index.
 */
public final class Hyperparameter {
    private final String owner;
    private final String name;
    private final Schedule schedule;
    private final double lo;
    private final boolean loIncl;
    private final double hi;
    private final boolean hiIncl;

    public Hyperparameter(String owner, String name, Schedule schedule, double lo, boolean loIncl, double hi,
                          boolean hiIncl) {
        if (schedule == null) {
            throw new IllegalArgumentException(owner + ": " + name + " must not be null");
        }
        this.owner = owner;
        this.name = name;
        this.schedule = schedule;
        this.lo = lo;
        this.loIncl = loIncl;
        this.hi = hi;
        this.hiIncl = hiIncl;
        if (schedule.isConstant()) {
            Check.range(owner, name, schedule.value(0, null), lo, loIncl, hi, hiIncl);
        }
    }

    /** A hyperparameter that must be ≥ 0 and finite (learning rates, weight decay). */
    public static Hyperparameter nonNegative(String owner, String name, Schedule s) {
        return new Hyperparameter(owner, name, s, 0, true, Double.POSITIVE_INFINITY, false);
    }

    /** A factor in [0, 1) (momentum, decay rates). */
    public static Hyperparameter unitInterval(String owner, String name, Schedule s) {
        return new Hyperparameter(owner, name, s, 0, true, 1, false);
    }

    /** The value for update {@code count}, checked against the range. */
    public double value(long count, StepContext ctx) {
        double v = schedule.value(count, ctx);
        boolean ok = !Double.isNaN(v) && (loIncl ? v >= lo : v > lo) && (hiIncl ? v <= hi : v < hi);
        if (!ok) {
            // Reuse Check's wording, adding the update index.
            try {
                Check.range(owner, name, v, lo, loIncl, hi, hiIncl);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage() + " at update " + count + " (schedule "
                        + schedule.describe() + ")", e);
            }
        }
        return v;
    }

    /** The schedule. */
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public String toString() {
        return name + "=" + schedule.describe();
    }
}
