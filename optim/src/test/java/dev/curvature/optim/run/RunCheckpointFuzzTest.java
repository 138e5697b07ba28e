package dev.curvature.optim.run;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.curvature.core.DType;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.testing.TestQuadratic;

/**
 * Fuzzes {@link Run.Builder#resume}: any bytes either restore a run or are refused with an
 * {@link IllegalArgumentException} that has a message; anything else (an index error, an
 * {@link OutOfMemoryError} from a length taken on trust) is a crash. Adam keeps optimizer state, so
 * the state's own reader is exercised too. The seeds are checkpoints of this same configuration.
 */
class RunCheckpointFuzzTest {
    private static final TestQuadratic PROBLEM = new TestQuadratic(DType.F64);

    /** The configuration whose checkpoints are the seeds. */
    static Run.Builder configuration() {
        Transform adam = Optimizers.adam(Schedules.constant(0.01), 0.9, 0.999, 1e-8, Schedules.constant(0));
        return Run.on(PROBLEM, adam).stop(StoppingRule.maxSteps(100)).seed(7);
    }

    @FuzzTest
    void resumeRestoresOrRefusesWithAMessage(byte[] checkpoint) {
        try {
            configuration().resume(checkpoint).build();
        } catch (IllegalArgumentException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("a refused checkpoint must say why", refused);
            }
        }
    }
}
