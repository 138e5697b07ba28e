package dev.curvature.optim.run;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import java.util.Map;

/**
 * A diagnostic measured during a run every k steps at the current point x_t (before its update),
 * e.g. Lanczos curvature or a distance to the solution. Its values join the trajectory row of
 * step t under the returned column names.
 *
 * <p>A monitor may keep state across calls within one run (buffers reused between measurements,
 * or the previous point for a secant estimate); specs build a fresh instance for every run. Such
 * state is not part of a run's checkpoint: after a resume the monitor starts empty.
 */
@FunctionalInterface
public interface Monitor {

    /** Measures at x_t; the map's keys become trajectory columns. Must not modify x. */
    Map<String, Double> measure(Problem problem, Blocks x, long step);
}
