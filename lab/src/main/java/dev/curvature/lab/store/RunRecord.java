package dev.curvature.lab.store;

/**
 * One run's metadata row.
 *
 * @param runId      stable identity: {@code <experiment>/<index>}
 * @param experiment experiment name
 * @param index      position in the expanded run list
 * @param optimizer  the optimizer's label in the spec
 * @param repeat     repeat index (0-based)
 * @param seed       the run's seed
 * @param gridJson   the grid values that define the run's configuration, as JSON
 * @param configJson the fully resolved configuration, as JSON
 * @param specHash   SHA-256 of the spec text
 * @param status     where the run stands ({@link RunStatus})
 * @param stopReason which rule ended it
 * @param steps      updates applied
 * @param finalLoss  f at the last evaluated point
 * @param finalGradNorm ‖∇f‖ there
 * @param backend    numeric backend description
 * @param jdk        JDK version
 * @param elapsedMs  wall-clock milliseconds (accumulated over resumes)
 * @param error      failure message, or null
 */
public record RunRecord(String runId, String experiment, int index, String optimizer, int repeat, long seed,
                        String gridJson, String configJson, String specHash, RunStatus status, String stopReason,
                        long steps, double finalLoss, double finalGradNorm, String backend, String jdk,
                        long elapsedMs, String error) {

    /** A record for a run that has not started. */
    public static RunRecord pending(String runId, String experiment, int index, String optimizer, int repeat,
                                    long seed, String gridJson, String configJson, String specHash) {
        return new RunRecord(runId, experiment, index, optimizer, repeat, seed, gridJson, configJson, specHash,
                RunStatus.PENDING, null, 0, Double.NaN, Double.NaN, null, null, 0, null);
    }
}
