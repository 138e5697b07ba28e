package dev.curvature.optim.run;

/**
 * What the run loop does when the loss or a gradient block is NaN or infinite.
 *
 * @param skip           false: throw {@link NonFiniteException} naming the block and step; true:
 *                       skip the update, leaving parameters and optimizer state untouched
 * @param maxConsecutive with skip, the number of consecutive skipped steps after which the run
 *                       fails anyway (a deterministic problem would otherwise repeat the same step)
 */
public record NonFinitePolicy(boolean skip, int maxConsecutive) {
    /** Throw at the first non-finite loss or gradient. */
    public static final NonFinitePolicy RAISE = new NonFinitePolicy(false, 0);

    public NonFinitePolicy {
        if (skip && maxConsecutive < 1) {
            throw new IllegalArgumentException("non-finite policy: maxConsecutive = " + maxConsecutive
                    + " is outside [1, ∞)");
        }
    }

    /** Skip non-finite steps; fail after {@code maxConsecutive} in a row. */
    public static NonFinitePolicy skip(int maxConsecutive) {
        return new NonFinitePolicy(true, maxConsecutive);
    }
}
