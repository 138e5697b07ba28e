package dev.curvature.core.factor;

/** Thrown by a Cholesky factorization when the matrix is not (numerically) positive definite. */
public class NotPositiveDefiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public NotPositiveDefiniteException(int n) {
        super("the " + n + "x" + n + " matrix is not positive definite (Cholesky failed)");
    }
}
