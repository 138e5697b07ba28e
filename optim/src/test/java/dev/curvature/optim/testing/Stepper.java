package dev.curvature.optim.testing;

import dev.curvature.core.DType;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * Drives a transform by hand, as the run loop does: at step t, g ← ∇f(x_t), the context is
 * pointed at (t, f(x_t), x_t), the transform turns g into the update u_t in place, and
 * x_{t+1} = x_t + u_t. Owns the parameters, the gradient buffer, the state and the context.
 */
public final class Stepper {
    public final Problem problem;
    public final Transform optimizer;
    public final Blocks x;
    public final Blocks grad;
    public final State state;
    public final StepContext ctx;
    public long t;

    public Stepper(Problem problem, Transform optimizer, DType stateDType) {
        this(problem, optimizer, problem.initialPoint(RandomStream.of(0)), stateDType);
    }

    public Stepper(Problem problem, Transform optimizer, Blocks x0, DType stateDType) {
        this.problem = problem;
        this.optimizer = optimizer;
        this.x = x0;
        this.grad = x0.zerosLike();
        this.state = optimizer.init(x0, stateDType);
        this.ctx = new StepContext(problem, RandomStream.of(1));
    }

    /** One step; returns f(x_t). */
    public double step() {
        double f = problem.valueAndGradient(x, grad);
        ctx.begin(t, f, x);
        optimizer.update(grad, state, ctx);
        x.add(grad);
        t++;
        return f;
    }

    /** n steps. */
    public void steps(int n) {
        for (int i = 0; i < n; i++) {
            step();
        }
    }
}
