package dev.curvature.optim.saddle;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * Nonlinearly preconditioned gradient descent, P-GD, of Bodard &amp; Patrinos, "Escaping saddle points
 * without Lipschitz smoothness: the power of nonlinear preconditioning" (arXiv 2509.15817, NeurIPS
 * 2025, eq. (2)):
 * <pre>  x⁺ = x − γ·∇φ*(λ∇f(x))</pre>
 * with φ = h(‖·‖) (isotropic) or Σ h(·_i) (separable) for a {@link Kernel} h; isotropically, with
 * s = λ‖∇f(x)‖, x⁺ = x − γ·h*′(s)·∇f(x)/‖∇f(x)‖. The cosh kernel with λ = 1/L̄ = 1 is the paper's
 * x⁺ = x − γ·asinh(‖∇f‖)·∇f/‖∇f‖; the clip kernel is x⁺ = x − γ·min(1/‖∇f‖, 1/L̄)·∇f. Logs the
 * stationarity measure λ⁻¹·φ(∇φ*(λ∇f(x))) as {@code stationarity}.
 */
public final class PreconditionedGradientDescent implements Transform {
    static final String NAME = "p_gd";

    private final double lr;
    private final Preconditioner preconditioner;

    /** P-GD with step γ = {@code lr} and the preconditioner ∇φ*(λ·). */
    public PreconditionedGradientDescent(double lr, Preconditioner preconditioner) {
        this.lr = Check.positive(NAME, "lr", lr);
        this.preconditioner = preconditioner;
    }

    /** P-GD with step γ, kernel, separable or isotropic φ, and dual scaling λ. */
    public PreconditionedGradientDescent(double lr, Kernel kernel, boolean separable, double lambda) {
        this(lr, new Preconditioner(NAME, kernel, separable, lambda));
    }

    /** The preconditioner. */
    public Preconditioner preconditioner() {
        return preconditioner;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(NAME);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        double measure = preconditioner.apply(updates);
        updates.scale(-lr);
        ctx.metric("stationarity", measure);
    }

    @Override
    public String toString() {
        return NAME + "(lr=" + lr + ", " + preconditioner + ")";
    }
}
