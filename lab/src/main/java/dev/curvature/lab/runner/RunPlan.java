package dev.curvature.lab.runner;

import dev.curvature.lab.spec.SpecNode;
import java.util.Map;

/**
 * One run of an experiment, fully determined before anything executes: its configuration (the
 * grid point's document and the optimizer label), repeat index and seed.
 *
 * @param index     position in the run list (stable for a given spec)
 * @param runId     {@code <experiment>/<index>}
 * @param doc       the spec document with this grid point's values substituted
 * @param optimizer the optimizer's label under {@code optimizers}
 * @param repeat    repeat index 0..repeats−1
 * @param seed      the run's seed, derived from the spec seed and the repeat index
 * @param grid      the grid values defining the configuration (path → value)
 * @param work      estimated cost: parameters × max steps (10⁹ steps when unbounded); sweeps start
 *                  the largest runs first
 */
public record RunPlan(int index, String runId, SpecNode doc, String optimizer, int repeat, long seed,
                      Map<String, String> grid, double work) {}
