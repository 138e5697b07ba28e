package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Hyperparameter;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedule;

/**
 * u ← s·η_t·u with η_t from a schedule: s = −1 for {@link #learningRate} (optax
 * {@code scale_by_learning_rate}, the last step of a descent chain, logged as metric {@code lr}),
 * s = +1 for {@link #factor} (optax {@code scale_by_schedule}).
 */
public final class ScaleBySchedule implements Transform {
    private final Hyperparameter value;
    private final double sign;
    private final String metric;

    private ScaleBySchedule(Hyperparameter value, double sign, String metric) {
        this.value = value;
        this.sign = sign;
        this.metric = metric;
    }

    /** u ← −η_t·u, η_t ≥ 0; records metric {@code lr}. */
    public static ScaleBySchedule learningRate(Schedule lr) {
        return new ScaleBySchedule(Hyperparameter.nonNegative("scale_by_learning_rate", "lr", lr), -1.0, "lr");
    }

    /** u ← s_t·u for any finite schedule s; records metric {@code metricName} when not null. */
    public static ScaleBySchedule factor(Schedule s, String metricName) {
        return new ScaleBySchedule(new Hyperparameter("scale_by_schedule", "factor", s, Double.NEGATIVE_INFINITY,
                false, Double.POSITIVE_INFINITY, false), 1.0, metricName);
    }

    @Override
    public String name() {
        return sign < 0 ? "scale_by_learning_rate" : "scale_by_schedule";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(name()).addScalar("count", 0);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        long count = (long) state.scalar("count");
        double eta = value.value(count, ctx);
        if (metric != null) {
            ctx.metric(metric, eta);
        }
        updates.scale(sign * eta);
        state.setScalar("count", count + 1);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
