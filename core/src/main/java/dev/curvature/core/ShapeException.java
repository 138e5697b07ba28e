package dev.curvature.core;

/** Thrown when tensor shapes do not fit an operation; the message names the shapes involved. */
public class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
