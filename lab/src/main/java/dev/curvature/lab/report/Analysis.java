package dev.curvature.lab.report;

/**
 * The experiment-specific part of a reproduction: reads the stored runs and checks the paper's
 * claims (e.g. the largest stable step of GD vs P-GD, an exponent fitted to iteration counts).
 * Named in a spec with {@code analysis: NAME}; registered in {@link Analyses}.
 */
@FunctionalInterface
public interface Analysis {

    /** Analyses the results. */
    AnalysisResult analyze(ExperimentData data) throws Exception;
}
