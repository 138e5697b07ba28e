package dev.curvature.optim.run;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.State;
import java.util.Map;

/**
 * A diagnostic measured during a run every k steps at the current point x_t (before its update),
 * e.g. Lanczos curvature or a distance to the solution. Its values join the trajectory row of
 * step t under the returned column names.
 *
 * <p>A monitor may keep workspace across calls (buffers overwritten by each measurement); specs
 * build a fresh instance for every run. A monitor whose values depend on earlier measurements (the
 * previous point of a secant estimate) implements {@link Stateful}, so that its state is part of
 * the run's checkpoints and a resumed run measures bitwise what an uninterrupted one does.
 */
@FunctionalInterface
public interface Monitor {

    /** Measures at x_t; the map's keys become trajectory columns. Must not modify x. */
    Map<String, Double> measure(Problem problem, Blocks x, long step);

    /**
     * A monitor whose measurements depend on earlier ones. It keeps that state in a {@link State}
     * (as transforms do), which gives checkpoints its exact serialization and structure checks.
     */
    interface Stateful extends Monitor {
        /**
         * The monitor's live state for a run of {@code problem} at points shaped like {@code x}: the
         * run writes it into checkpoints and reads a checkpoint back into it, which restores the
         * monitor. Its owner names the monitor's kind; its layout depends only on the monitor's
         * configuration, the problem and x's structure, never on the measurements made so far (an
         * empty monitor has the same layout, with a scalar saying it is empty). Must not draw from
         * the problem (no batch, no evaluation).
         */
        State state(Problem problem, Blocks x);
    }
}
