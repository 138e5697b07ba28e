package dev.curvature.lab.examples;

import static dev.curvature.optim.registry.Param.number;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.run.Monitor;
import java.util.List;
import java.util.Map;

/**
 * A monitor in one file: the Euclidean distance ‖x_t − x*‖ from the iterate to a known minimizer
 * x* = (c, …, c), logged as the trajectory column {@value #COLUMN}. With the default c = 1 it is
 * the distance to the minimizer of the Rosenbrock function. A spec asks for it with
 * {@code monitors: [{name: distance_to_point, point: 1.0, every: 10}]} once it is registered; the
 * runner handles {@code every}, the component only declares the monitor's own parameters.
 */
public final class DistanceToPoint implements Monitor {

    /** The trajectory column this monitor writes. */
    public static final String COLUMN = "distance_to_point";

    /** The registration: a module passes it to {@code registries.monitors().register(...)}. */
    public static final Component<Monitor> COMPONENT = new Component<>("distance_to_point",
            "‖x_t − (c, …, c)‖ over all blocks (column " + COLUMN + ")", "-",
            List.of(number("point", 1.0).finite().symbol("c").doc("every coordinate of the known minimizer")),
            h -> new DistanceToPoint(h.number("point")));

    private final double point;

    /** The distance to (c, …, c) with c = {@code point}. */
    public DistanceToPoint(double point) {
        this.point = Check.finite("distance_to_point", "point", point);
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        // Reads x element by element: a monitor must leave the iterate unchanged.
        double sum = 0;
        for (Blocks.Block b : x) {
            for (int i = 0, n = b.tensor().size(); i < n; i++) {
                double d = b.tensor().getFlat(i) - point;
                sum += d * d;
            }
        }
        return Map.of(COLUMN, Math.sqrt(sum));
    }
}
