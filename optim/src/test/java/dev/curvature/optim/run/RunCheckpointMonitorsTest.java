package dev.curvature.optim.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.State;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The monitor section of run checkpoints: a stateful monitor's state is restored, a checkpoint of
 * the previous version (no monitor section) still resumes with the monitors empty, and a
 * checkpoint whose monitors do not match the run's is refused with a message.
 */
class RunCheckpointMonitorsTest {
    private static final String SEEDS = "RunCheckpointFuzzTestInputs/resumeRestoresOrRefusesWithAMessage/";

    /** Counts its measurements: the count is its state, and its column. */
    static final class Counter implements Monitor.Stateful {
        private final String kind;
        private State state;

        Counter(String kind) {
            this.kind = kind;
        }

        @Override
        public Map<String, Double> measure(Problem problem, Blocks x, long step) {
            State s = state(problem, x);
            s.setScalar("count", s.scalar("count") + 1);
            return Map.of("count", s.scalar("count"));
        }

        @Override
        public State state(Problem problem, Blocks x) {
            if (state == null) {
                state = new State(kind).addScalar("count", 0);
            }
            return state;
        }
    }

    private static Run.Builder withMonitors(Monitor... monitors) {
        Run.Builder b = RunCheckpointFuzzTest.configuration();
        for (Monitor m : monitors) {
            b.monitor(m, 1);
        }
        return b;
    }

    @Test
    void aStatefulMonitorContinuesFromItsCheckpointedState() {
        Run run = withMonitors(new Counter("counter")).build();
        run.advance(5);
        Run resumed = withMonitors(new Counter("counter")).resume(run.checkpoint()).build();
        resumed.step();
        assertEquals(6.0, resumed.trajectory().get("count", 0), "the sixth measurement counts six");
    }

    @Test
    void aCheckpointOfThePreviousVersionResumesWithItsMonitorsEmpty() throws IOException {
        byte[] v1 = seed("adam_step3");
        assertEquals(1, v1[3], "the seed is a version-1 checkpoint");
        Run resumed = withMonitors(new Counter("counter")).resume(v1).build();
        assertEquals(3, resumed.stepIndex());
        resumed.step();
        assertEquals(1.0, resumed.trajectory().get("count", 0), "the monitor starts empty");
        Run same = RunCheckpointFuzzTest.configuration().resume(seed("v2_adam_step3_no_monitors")).build();
        assertArrayEquals(RunCheckpointFuzzTest.configuration().resume(v1).build().checkpoint(), same.checkpoint(),
                "the version-1 checkpoint restores what the same state in version 2 does");
    }

    @Test
    void aCheckpointWithAnotherNumberOfMonitorsIsRefused() {
        byte[] ckpt = RunCheckpointFuzzTest.configuration().build().checkpoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withMonitors(new Counter("counter")).resume(ckpt).build());
        assertEquals("run checkpoint holds 0 monitors, the run has 1", e.getMessage());
    }

    @Test
    void aCheckpointWhoseMonitorKeepsNoStateIsRefusedForAStatefulOne() {
        byte[] ckpt = withMonitors((p, x, t) -> Map.of()).build().checkpoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withMonitors(new Counter("counter")).resume(ckpt).build());
        assertEquals("run checkpoint: monitor 0 keeps no state in the checkpoint, but the run's monitor does",
                e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherKindOfMonitorIsRefused() {
        byte[] ckpt = withMonitors(new Counter("counter")).build().checkpoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withMonitors(new Counter("other")).resume(ckpt).build());
        assertTrue(e.getMessage().contains("monitor 0: owner is counter, expected other"), e.getMessage());
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = RunCheckpointMonitorsTest.class.getResourceAsStream(SEEDS + name)) {
            return in.readAllBytes();
        }
    }
}
