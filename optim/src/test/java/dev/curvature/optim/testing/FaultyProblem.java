package dev.curvature.optim.testing;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Wraps a problem and breaks chosen evaluations: at the listed evaluation indices (0 for the
 * first call of {@link #valueAndGradient}) it writes NaN into one gradient element of a named
 * block, or returns a NaN (or infinite) loss. Optionally forgets f*.
 */
public final class FaultyProblem implements Problem {
    private final Problem inner;
    private final Set<Long> badCalls;
    private final String badBlock;
    private final double badLoss;
    private final boolean knowsOptimum;
    private long calls;

    private FaultyProblem(Problem inner, Set<Long> badCalls, String badBlock, double badLoss, boolean knowsOptimum) {
        this.inner = inner;
        this.badCalls = badCalls;
        this.badBlock = badBlock;
        this.badLoss = badLoss;
        this.knowsOptimum = knowsOptimum;
    }

    /** NaN in block {@code block}'s gradient at the listed evaluations. */
    public static FaultyProblem nanGradient(Problem inner, String block, Long... calls) {
        return new FaultyProblem(inner, Set.of(calls), block, Double.NaN, true);
    }

    /** Loss {@code loss} (NaN or ±∞) at the listed evaluations; the gradient stays finite. */
    public static FaultyProblem badLoss(Problem inner, double loss, Long... calls) {
        return new FaultyProblem(inner, Set.of(calls), null, loss, true);
    }

    /** The problem without a known f*. */
    public static FaultyProblem withoutOptimum(Problem inner) {
        return new FaultyProblem(inner, Set.of(), null, Double.NaN, false);
    }

    /** Evaluations so far. */
    public long calls() {
        return calls;
    }

    @Override
    public String name() {
        return "faulty_" + inner.name();
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        return inner.initialPoint(rng);
    }

    @Override
    public double value(Blocks x) {
        return inner.value(x);
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        double f = inner.valueAndGradient(x, grad);
        if (badCalls.contains(calls++)) {
            if (badBlock != null) {
                grad.get(badBlock).setFlat(1, Double.NaN);
            } else {
                f = badLoss;
            }
        }
        return f;
    }

    @Override
    public OptionalDouble optimum() {
        return knowsOptimum ? inner.optimum() : OptionalDouble.empty();
    }
}
