package dev.curvature.optim.run;

/** A NaN or infinite loss or gradient, with the block and step where it appeared. */
public class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final long step;
    private final String block;

    public NonFiniteException(String what, String block, long step) {
        this(what, block, step, null);
    }

    /** As {@link #NonFiniteException(String, String, long)}, with a detail appended in parentheses when not null. */
    public NonFiniteException(String what, String block, long step, String detail) {
        super("non-finite " + what + (block == null ? "" : " in block '" + block + "'") + " at step " + step
                + (detail == null ? "" : " (" + detail + ")"));
        this.step = step;
        this.block = block;
    }

    /** The step index. */
    public long step() {
        return step;
    }

    /** The block name, or null when the loss itself is not finite. */
    public String block() {
        return block;
    }
}
