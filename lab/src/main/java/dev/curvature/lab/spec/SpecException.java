package dev.curvature.lab.spec;

/**
 * An invalid experiment specification. The message starts with {@code file:line:column} and the
 * field path, e.g. {@code spec.yaml:12:9: optimizers.adam.b1: adam: b1 = 1.5 is outside [0, 1)}.
 * The command line turns it into exit code 2.
 */
public class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
