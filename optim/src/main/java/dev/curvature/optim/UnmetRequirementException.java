package dev.curvature.optim;

/**
 * A run needs something its problem does not provide (the optimum value f* for a {@code delta_f =
 * auto} or a loss-gap rule, for instance). It is thrown at the first step that needs it, so the lab
 * tells it apart from a state a run merely reached, and reports it as an error of the experiment's
 * configuration before any run starts.
 */
public class UnmetRequirementException extends IllegalStateException {
    public UnmetRequirementException(String message) {
        super(message);
    }
}
