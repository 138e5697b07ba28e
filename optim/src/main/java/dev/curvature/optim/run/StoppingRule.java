package dev.curvature.optim.run;

import dev.curvature.optim.UnmetRequirementException;
import java.time.Duration;

/**
 * When to stop a run. A rule sees the status of step t (evaluated at x_t, before its update) and
 * returns a reason to stop, or null to continue. The built-ins cover the usual criteria.
 */
@FunctionalInterface
public interface StoppingRule {

    /** What a rule sees at step t; one instance is reused for the whole run. */
    final class Status {
        private long step;
        private double loss;
        private double gradNorm;
        private double optimum;
        private long elapsedNanos;

        void set(long stepIndex, double lossValue, double gradientNorm, double optimumValue, long nanos) {
            this.step = stepIndex;
            this.loss = lossValue;
            this.gradNorm = gradientNorm;
            this.optimum = optimumValue;
            this.elapsedNanos = nanos;
        }

        /** The step index t: steps taken so far, including any the non-finite policy skipped. */
        public long step() {
            return step;
        }

        /** f(x_t). */
        public double loss() {
            return loss;
        }

        /** ‖∇f(x_t)‖ (NaN at a skipped step). */
        public double gradNorm() {
            return gradNorm;
        }

        /** f* when the problem knows it, else NaN. */
        public double optimum() {
            return optimum;
        }

        /** Wall-clock time since the run's first step, in nanoseconds. */
        public long elapsedNanos() {
            return elapsedNanos;
        }
    }

    /** A reason to stop at this step, or null. */
    String check(Status s);

    /**
     * Stop at step index n: after n steps, skipped ones included (x_n is the result when none was
     * skipped; {@link RunResult#steps()} counts the updates actually applied).
     */
    static StoppingRule maxSteps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("maxSteps: n = " + n + " is outside [0, ∞)");
        }
        return s -> s.step() >= n ? "max_steps" : null;
    }

    /** Stop when ‖∇f(x_t)‖ ≤ tol. */
    static StoppingRule gradNorm(double tol) {
        if (!(tol >= 0)) {
            throw new IllegalArgumentException("gradNorm: tol = " + tol + " is outside [0, ∞)");
        }
        return s -> s.gradNorm() <= tol ? "grad_norm" : null;
    }

    /** Stop when f(x_t) ≤ target. */
    static StoppingRule lossBelow(double target) {
        if (Double.isNaN(target)) {
            throw new IllegalArgumentException("lossBelow: target is NaN");
        }
        return s -> s.loss() <= target ? "loss_target" : null;
    }

    /** Stop when f(x_t) − f* ≤ eps (the problem must know f*). */
    static StoppingRule lossGapBelow(double eps) {
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("lossGapBelow: eps = " + eps + " is outside [0, ∞)");
        }
        return s -> {
            if (Double.isNaN(s.optimum())) {
                throw new UnmetRequirementException("loss_gap_below needs a problem with a known optimum f*");
            }
            return s.loss() - s.optimum() <= eps ? "loss_gap" : null;
        };
    }

    /** Stop once the run has taken longer than {@code budget} (wall clock from its first step). */
    static StoppingRule timeBudget(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("timeBudget: budget = " + budget + " is negative");
        }
        long nanos = budget.toNanos();
        return s -> s.elapsedNanos() >= nanos ? "time_budget" : null;
    }
}
