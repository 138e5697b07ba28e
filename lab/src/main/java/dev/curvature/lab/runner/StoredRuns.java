package dev.curvature.lab.runner;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.optim.run.Run;
import java.sql.SQLException;
import java.util.List;

/**
 * The runs of an experiment in a results folder, planned again from the spec stored there exactly
 * as the runner planned them (the same parsing, quick variant, documents and seeds): to read a
 * stored run's configuration, or to build the run again ({@link #builder}) with the runner's own
 * problem, optimizer, stopping rules, monitors and settings.
 */
public final class StoredRuns {
    private final String experiment;
    private final List<RunPlan> plans;

    private StoredRuns(String experiment, List<RunPlan> plans) {
        this.experiment = experiment;
        this.plans = plans;
    }

    /** The runs of {@code experiment} as its stored spec plans them. */
    public static StoredRuns of(ResultStore store, String experiment) throws SQLException {
        String text = store.specText(experiment);
        ExperimentSpec spec = ExperimentSpec.parseStored(text, "stored spec of " + experiment);
        return new StoredRuns(experiment, Runner.listRuns(spec));
    }

    /** The plan of a stored run. */
    public RunPlan plan(RunRecord r) {
        RunPlan p = r.index() >= 0 && r.index() < plans.size() ? plans.get(r.index()) : null;
        if (p == null || !p.runId().equals(r.runId()) || !p.optimizer().equals(r.optimizer()) || p.seed() != r.seed()) {
            throw new IllegalStateException("run " + r.runId() + " is not a run of the stored spec of '" + experiment
                    + "' (" + plans.size() + " runs)");
        }
        return p;
    }

    /** The run as the runner built it, ready to run again (bitwise as it ran: same components and seed). */
    public Run.Builder builder(RunRecord r) {
        return Runner.builder(plan(r));
    }
}
