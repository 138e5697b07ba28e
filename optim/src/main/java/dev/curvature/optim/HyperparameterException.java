package dev.curvature.optim;

/**
 * An invalid hyperparameter: a value of the wrong kind, out of its range, unknown or missing.
 * It names the component (or object) that rejected it and the parameter, so that a caller (the
 * lab's spec loader) can point at the offending field without reading the message; the message
 * reads {@code owner: param = value is outside [lo, hi)} or {@code owner: param must be ...}.
 */
public final class HyperparameterException extends IllegalArgumentException {
    private final String owner;
    private final String param;

    /** An error of {@code param} of {@code owner} with the full {@code message}. */
    public HyperparameterException(String owner, String param, String message) {
        super(message);
        this.owner = owner;
        this.param = param;
    }

    /** The component or object that rejected the value, the prefix of the message. */
    public String owner() {
        return owner;
    }

    /** The parameter at fault. */
    public String param() {
        return param;
    }
}
