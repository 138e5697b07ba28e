package dev.curvature.lab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curvature.lab.Lab;
import dev.curvature.lab.runner.Progress;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import java.nio.file.Path;

/** Experiments run in process the way the tests run them: two workers, no progress display. */
public final class Experiments {
    private static final Runner.Options OPTIONS = new Runner.Options(2, false, Progress.silent());

    private Experiments() {}

    /** Runs {@code spec} into {@code dir} (analysis and report included). */
    public static Lab.Result execute(ExperimentSpec spec, Path dir) throws Exception {
        return Lab.execute(spec, dir, OPTIONS);
    }

    /** {@link #execute}, and asserts that no run failed (the failures are the message). */
    public static Lab.Result run(ExperimentSpec spec, Path dir) throws Exception {
        Lab.Result r = execute(spec, dir);
        assertEquals(0, r.outcome().failed(), r.outcome().failures().toString());
        return r;
    }
}
