package dev.curvature.optim.run;

import dev.curvature.optim.Blocks;
import java.time.Duration;

/**
 * The outcome of a run.
 *
 * @param x          the final point (PGD may return an earlier point than the last iterate)
 * @param loss       f at the last evaluated iterate
 * @param gradNorm   ‖∇f‖ at the last evaluated iterate
 * @param steps      updates applied (skipped steps not counted)
 * @param stopReason which rule ended the run ({@code max_steps}, {@code grad_norm}, ...)
 * @param skipped    steps skipped by the non-finite policy
 * @param elapsed    wall-clock time of the run
 * @param trajectory the logged rows
 */
public record RunResult(Blocks x, double loss, double gradNorm, long steps, String stopReason, long skipped,
                        Duration elapsed, Trajectory trajectory) {}
