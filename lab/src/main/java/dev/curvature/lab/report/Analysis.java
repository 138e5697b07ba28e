package dev.curvature.lab.report;

import java.util.Map;

/**
 * The experiment-specific part of a reproduction: reads the stored runs and checks the paper's
 * claims (e.g. the largest stable step of GD vs P-GD, an exponent fitted to iteration counts).
 * Named in a spec with {@code analysis: NAME}, or {@code analysis: {name: NAME, PARAMETER: value, ...}}
 * to set the numeric parameters it declares in {@link #parameters()}. A built-in experiment brings
 * its analysis with its spec (see {@code dev.curvature.lab.experiments.Reproduction}).
 */
public interface Analysis {

    /** The name a spec gives under {@code analysis}. */
    String name();

    /** Analyses the results. */
    AnalysisResult analyze(ExperimentData data) throws Exception;

    /**
     * The numeric parameters a spec may set, with their defaults (read them with
     * {@link ExperimentData#parameter}); none unless overridden.
     */
    default Map<String, Double> parameters() {
        return Map.of();
    }
}
