package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.testing.CurvatureProcess;
import dev.curvature.lab.testing.StoredResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep whose runs carry stateful monitors ({@code secant_smoothness}, {@code update_rms}),
 * interrupted and resumed with {@code --resume}, stores bitwise the results of the uninterrupted
 * sweep: every metric row (the first measurement after a checkpoint needs the monitor's state from
 * before it), every run's final values and the result digest. Interrupted twice: in process, at a
 * seeded step count, and by {@code kill -9} of {@code curvature run} as soon as a run has written a
 * checkpoint (a moment the sweep's progress decides, not a timer).
 */
class StatefulMonitorSweepResumeTest {
    static final Duration LIMIT = Duration.ofSeconds(90);

    /** 6 runs of 1 500 steps; monitors every 30 and 45 steps, checkpoints every 100. */
    static final String SPEC = """
            name: stateful-sweep
            seed: 3
            repeats: 3
            problem: {name: quadratic, n: 60, mu: 0.01, L: 10.0, seed: 3}
            optimizers:
              gd: {name: gd, lr: 0.05}
              adam: {name: adam, lr: 0.01}
            stop: {max_steps: 1500}
            run: {record_every: 10, checkpoint_every: 100}
            monitors:
              - {name: secant_smoothness, every: 30}
              - {name: update_rms, every: 45}
            report:
              metrics: [loss, smoothness_secant]
            """;

    @TempDir
    static Path tmp;
    static StoredResults reference;

    /**
     * Thrown by the progress callback: ends each run where it is, as a kill would (an error, not an
     * exception, so no run records an ending; the runner only counts it).
     */
    static final class Killed extends Error {
        Killed() {
            super("killed by the test", null, false, false);
        }
    }

    /** A progress display that kills the sweep once {@code after} steps have been done. */
    record KillAfter(long after, long[] done) implements Progress {
        KillAfter(long after) {
            this(after, new long[1]);
        }

        @Override
        public void start(String name, int runs, long totalSteps) {}

        @Override
        public void advance(long steps) {
            done[0] += steps;
            if (done[0] >= after) {
                throw new Killed();
            }
        }

        @Override
        public void finish() {}
    }

    @BeforeAll
    static void uninterruptedSweep() throws Exception {
        Path out = tmp.resolve("reference");
        Runner.Outcome o = sweep(out, new Runner.Options(1, false, Progress.silent()));
        assertEquals(6, o.done(), o.failures()::toString);
        reference = StoredResults.read(out, "stateful-sweep");
        assertTrue(reference.metrics().stream().anyMatch(r -> r.contains("|smoothness_secant|")),
                "the reference stores the secant monitor");
    }

    @Test
    void sweepInterruptedInProcessAtASeededStepResumesToTheUninterruptedResults() throws Exception {
        Path out = tmp.resolve("in-process");
        long kill = 200 + new SplittableRandom(20_260_611L).nextLong(1300);
        Runner.Outcome killed = sweep(out, new Runner.Options(1, false, new KillAfter(kill)));
        assertTrue(killed.failures().stream().anyMatch(f -> f.contains("killed by the test")),
                "the sweep was interrupted: " + killed.failures());
        Runner.Outcome resumed = sweep(out, new Runner.Options(1, true, Progress.silent()));
        assertEquals(1, resumed.resumed(), "the run interrupted after step " + kill + " continues from its checkpoint");
        StoredResults.assertSameResults(reference, StoredResults.read(out, "stateful-sweep"), "killed after " + kill
                + " steps, resumed");
    }

    @Test
    void sweepKilledWithSigkillAfterACheckpointResumesToTheUninterruptedResults() throws Exception {
        Path spec = tmp.resolve("stateful-sweep.yaml");
        Files.writeString(spec, SPEC);
        Path out = tmp.resolve("kill-9");
        CurvatureProcess p = CurvatureProcess.start(tmp.resolve("logs"), "kill-9", "run", spec.toString(), "--out",
                out.toString(), "--workers", "1");
        Path checkpoints = out.resolve("checkpoints");
        while (!hasCheckpoint(checkpoints)) {
            if (!p.isAlive()) {
                fail("curvature ended before writing a checkpoint\n" + p.describe());
            }
            if (p.seconds() > LIMIT.toSeconds()) {
                p.kill();
                fail("no checkpoint within " + LIMIT + "\n" + p.describe());
            }
            Thread.sleep(2);
        }
        assertEquals(137, p.kill(), "exit code of a SIGKILL");
        Runner.Outcome resumed = sweep(out, new Runner.Options(1, true, Progress.silent()));
        assertTrue(resumed.resumed() >= 1, "a run continues from a checkpoint: " + resumed);
        StoredResults.assertSameResults(reference, StoredResults.read(out, "stateful-sweep"), "kill -9, resumed");
    }

    private static boolean hasCheckpoint(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".ckpt"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Runner.Outcome sweep(Path out, Runner.Options options) throws Exception {
        try (ResultStore store = ResultStore.open(out)) {
            return new Runner(store).run(ExperimentSpec.parse(SPEC, "stateful-sweep.yaml"), options);
        }
    }
}
