package dev.curvature.optim.schedule;

import dev.curvature.optim.Check;
import dev.curvature.optim.StepContext;
import java.util.Arrays;

/**
 * The built-in schedules. Step-based ones follow optax's definitions (count t starts at 0);
 * {@link H0H1Warmup} is the loss-based warm-up step of Alimisis, Islamov &amp; Lucchi (2025).
 * Every record validates its parameters when built.
 */
public final class Schedules {
    private Schedules() {}

    /** A constant value. */
    public static Schedule constant(double value) {
        return new Constant(value);
    }

    /** η_t = v. */
    public record Constant(double value) implements Schedule {
        public Constant {
            Check.finite("constant schedule", "value", value);
        }

        @Override
        public double value(long count, StepContext ctx) {
            return value;
        }

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public String describe() {
            return Double.toString(value);
        }
    }

    /** Step decay (torch StepLR): η_t = init·γ^⌊t/every⌋. */
    public record StepDecay(double init, long every, double gamma) implements Schedule {
        public StepDecay {
            Check.finite("step schedule", "init", init);
            Check.atLeast("step schedule", "every", every, 1);
            Check.positive("step schedule", "gamma", gamma);
        }

        @Override
        public double value(long count, StepContext ctx) {
            return init * Math.pow(gamma, (double) (count / every));
        }
    }

    /**
     * Exponential decay (optax exponential_decay): η_t = init·rate^(t/transition) (the exponent
     * floored when {@code staircase}), after {@code delay} constant steps, clipped at {@code end}
     * when end is not NaN.
     */
    public record Exponential(double init, double rate, long transition, long delay, boolean staircase, double end)
            implements Schedule {
        public Exponential {
            Check.finite("exponential schedule", "init", init);
            Check.positive("exponential schedule", "rate", rate);
            Check.atLeast("exponential schedule", "transition", transition, 1);
            Check.atLeast("exponential schedule", "delay", delay, 0);
        }

        @Override
        public double value(long count, StepContext ctx) {
            long t = Math.max(0, count - delay);
            double p = staircase ? (double) (t / transition) : (double) t / transition;
            double v = init * Math.pow(rate, p);
            if (!Double.isNaN(end)) {
                v = rate < 1 ? Math.max(v, end) : Math.min(v, end);
            }
            return v;
        }
    }

    /** Linear warm-up: η_t = init + (peak − init)·t/warmup for t &lt; warmup, then peak. */
    public record LinearWarmup(double init, double peak, long warmup) implements Schedule {
        public LinearWarmup {
            Check.finite("linear warm-up", "init", init);
            Check.finite("linear warm-up", "peak", peak);
            Check.atLeast("linear warm-up", "warmup", warmup, 0);
        }

        @Override
        public double value(long count, StepContext ctx) {
            return count >= warmup ? peak : init + (peak - init) * count / warmup;
        }
    }

    /**
     * Linear warm-up then cosine decay (optax warmup_cosine_decay_schedule): linear from init to
     * peak over {@code warmup} steps, then η_t = end + (peak − end)·½(1 + cos(π·(t − warmup)/(total − warmup)))
     * until {@code total}, then end.
     */
    public record WarmupCosine(double init, double peak, long warmup, long total, double end) implements Schedule {
        public WarmupCosine {
            Check.finite("cosine schedule", "init", init);
            Check.finite("cosine schedule", "peak", peak);
            Check.finite("cosine schedule", "end", end);
            Check.atLeast("cosine schedule", "warmup", warmup, 0);
            Check.atLeast("cosine schedule", "total", total, warmup + 1);
        }

        @Override
        public double value(long count, StepContext ctx) {
            if (count < warmup) {
                return init + (peak - init) * count / warmup;
            }
            if (count >= total) {
                return end;
            }
            double frac = (double) (count - warmup) / (total - warmup);
            return end + (peak - end) * 0.5 * (1 + Math.cos(Math.PI * frac));
        }
    }

    /** Shape of the decay phase of {@link WarmupStableDecay}. */
    public enum DecayShape {
        /** Linear to the end value. */
        LINEAR,
        /** Half cosine to the end value. */
        COSINE,
        /** 1 − √(fraction): fast at first, as used for WSD in language-model training. */
        ONE_MINUS_SQRT
    }

    /**
     * Warmup–stable–decay: linear warm-up from 0 to peak over {@code warmup} steps, peak for
     * {@code stable} steps, then decay to {@code end} over {@code decay} steps with the given shape.
     */
    public record WarmupStableDecay(double peak, long warmup, long stable, long decay, double end, DecayShape shape)
            implements Schedule {
        public WarmupStableDecay {
            Check.finite("wsd schedule", "peak", peak);
            Check.finite("wsd schedule", "end", end);
            Check.atLeast("wsd schedule", "warmup", warmup, 0);
            Check.atLeast("wsd schedule", "stable", stable, 0);
            Check.atLeast("wsd schedule", "decay", decay, 1);
            if (shape == null) {
                throw new IllegalArgumentException("wsd schedule: shape must be one of "
                        + Arrays.toString(DecayShape.values()));
            }
        }

        @Override
        public double value(long count, StepContext ctx) {
            if (count < warmup) {
                return peak * count / warmup;
            }
            long t = count - warmup - stable;
            if (t < 0) {
                return peak;
            }
            if (t >= decay) {
                return end;
            }
            double f = (double) t / decay;
            double w = switch (shape) {
                case LINEAR -> 1 - f;
                case COSINE -> 0.5 * (1 + Math.cos(Math.PI * f));
                case ONE_MINUS_SQRT -> 1 - Math.sqrt(f);
            };
            return end + (peak - end) * w;
        }
    }

    /**
     * Piecewise schedule through points (steps[i], values[i]) with strictly increasing steps:
     * constant before the first and after the last point; between points linear when
     * {@code linear}, else the value of the last point reached (a step function).
     */
    public record Piecewise(long[] steps, double[] values, boolean linear) implements Schedule {
        public Piecewise {
            if (steps == null || values == null || steps.length == 0 || steps.length != values.length) {
                throw new IllegalArgumentException("piecewise schedule: steps and values must be non-empty and of "
                        + "equal length, got " + (steps == null ? 0 : steps.length) + " and "
                        + (values == null ? 0 : values.length));
            }
            for (int i = 0; i < steps.length; i++) {
                Check.finite("piecewise schedule", "values[" + i + "]", values[i]);
                if (i > 0 && steps[i] <= steps[i - 1]) {
                    throw new IllegalArgumentException("piecewise schedule: steps must increase strictly, got "
                            + Arrays.toString(steps));
                }
            }
            steps = steps.clone();
            values = values.clone();
        }

        @Override
        public double value(long count, StepContext ctx) {
            if (count <= steps[0]) {
                return values[0];
            }
            for (int i = 1; i < steps.length; i++) {
                if (count < steps[i]) {
                    if (!linear) {
                        return values[i - 1];
                    }
                    double f = (double) (count - steps[i - 1]) / (steps[i] - steps[i - 1]);
                    return values[i - 1] + f * (values[i] - values[i - 1]);
                }
            }
            return values[values.length - 1];
        }

        @Override
        public long[] steps() {
            return steps.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Piecewise p && Arrays.equals(steps, p.steps) && Arrays.equals(values, p.values)
                    && linear == p.linear;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(steps) + Arrays.hashCode(values)) + Boolean.hashCode(linear);
        }

        @Override
        public String describe() {
            return "piecewise(steps=" + Arrays.toString(steps) + ", values=" + Arrays.toString(values) + ", linear="
                    + linear + ")";
        }
    }

    /**
     * The adaptive warm-up step of Alimisis, Islamov &amp; Lucchi, "Why do we need warm-up? A
     * theoretical perspective" (arXiv 2510.03164, Thm 4.2) for (H0,H1)-smooth functions,
     * ‖∇²f(w)‖ ≤ H0 + H1·(f(w) − f*):
     * η_t = 1 / (a·H0 + b·H1·(f(w_t) − f*)) with the paper's a = 10, b = 20. The step grows as the
     * loss gap shrinks: a warm-up driven by the loss. Needs the problem's f*.
     */
    public record H0H1Warmup(double h0, double h1, double a, double b) implements Schedule {
        public H0H1Warmup {
            Check.positive("h0h1 warm-up", "h0", h0);
            Check.nonNegative("h0h1 warm-up", "h1", h1);
            Check.positive("h0h1 warm-up", "a", a);
            Check.nonNegative("h0h1 warm-up", "b", b);
        }

        /** The paper's constants a = 10, b = 20. */
        public H0H1Warmup(double h0, double h1) {
            this(h0, h1, 10, 20);
        }

        @Override
        public double value(long count, StepContext ctx) {
            double gap = Math.max(0, ctx.lossGap("h0h1 warm-up schedule"));
            return 1.0 / (a * h0 + b * h1 * gap);
        }
    }

    /**
     * A loss-based warm-up with one parameter, for problems whose f* is unknown:
     * <pre>  η_t = peak · min(1, C / (f(x_t) − f_ref)),</pre>
     * with f_ref the optimum when the problem knows it and 0 otherwise (cross-entropy and squared
     * error are non-negative, so 0 is a valid lower bound of f*; a lower bound only makes the step
     * smaller, hence safer). Derivation from the (H0,H1) step of Thm 4.2 of Alimisis, Islamov &amp;
     * Lucchi (arXiv 2510.03164), η = 1/(a·H0 + b·H1·(f − f*)): the sum of the two terms lies within
     * a factor 2 of their maximum, so η ≈ min(1/(a·H0), 1/(b·H1·(f − f*))) = peak·min(1, C/(f − f*))
     * with peak = 1/(a·H0) and C = a·H0/(b·H1), the loss gap at which curvature stops being driven by
     * the loss. While the gap exceeds C the step is proportional to 1/gap and grows as the loss falls
     * (the warm-up); once the gap is below C the step is the peak, and the warm-up is over. The one
     * parameter C is a loss level: the warm-up lasts until the loss first falls below C. (The form
     * of the paper's own practical schedule is not known; this is the (H0,H1) model's.)
     */
    public record LossWarmup(double peak, double c) implements Schedule {
        public LossWarmup {
            Check.positive("loss warm-up", "peak", peak);
            Check.positive("loss warm-up", "c", c);
        }

        @Override
        public double value(long count, StepContext ctx) {
            double loss = ctx.loss();
            if (Double.isNaN(loss)) {
                throw new IllegalStateException("loss warm-up schedule needs the loss f(x_t), which was not evaluated");
            }
            double ref = ctx.hasOptimum() ? ctx.optimum() : 0.0;
            double gap = loss - ref;
            return gap <= c ? peak : peak * c / gap;
        }
    }
}
