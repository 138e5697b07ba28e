package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's multi-run commit and the runner's commit group: batches become visible only when
 * committed, all of a group in one transaction; checkpoints are deleted after the commit and kept
 * when it fails; {@code clearFrom} deletes exactly a resumed run's rows at and after its
 * checkpoint step and nothing of other runs.
 */
class CommitGroupTest {
    @TempDir
    Path dir;

    private static ResultStore.RunBatch batch(String run, long clearFrom, long fromStep, int rows, String status) {
        long[] steps = new long[rows];
        String[] metrics = new String[rows];
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            steps[i] = fromStep + i;
            metrics[i] = "loss";
            values[i] = 1000 * fromStep + i;
        }
        return new ResultStore.RunBatch(run, clearFrom, new ResultStore.MetricRows(steps, metrics, values, rows),
                List.of(new ResultStore.Event(fromStep, "mark", "{}")),
                new ResultStore.RunState(RunStatus.of(status), status.equals("done") ? "max_steps" : null, fromStep + rows, 1.5,
                        0.5, 7, null, "java", "25"));
    }

    private static ResultStore open(Path dir, String... runs) throws Exception {
        ResultStore store = ResultStore.open(dir);
        store.beginExperiment("e", "h", "name: e");
        for (String r : runs) {
            store.registerRun(RunRecord.pending(r, "e", Integer.parseInt(r.substring(2)), "gd", 0, 1, "{}", "{}", "h"));
        }
        return store;
    }

    private static String status(ResultStore store, String run) throws SQLException {
        return store.runs("e").stream().filter(r -> r.runId().equals(run)).findFirst().orElseThrow().status().stored();
    }

    @Test
    void aGroupIsCommittedWhenItsOldestEntryHasWaitedAndCheckpointsGoAfterwards() throws Exception {
        try (ResultStore store = open(dir, "e/0", "e/1")) {
            Path c0 = Files.writeString(dir.resolve("0.ckpt"), "x");
            Path c1 = Files.writeString(dir.resolve("1.ckpt"), "x");
            AtomicLong now = new AtomicLong(1_000);
            CommitGroup group = new CommitGroup(store, 200, now::get);
            group.add(batch("e/0", -1, 0, 5, "done"), c0);
            now.addAndGet(150);
            group.add(batch("e/1", -1, 0, 3, "done"), c1);
            now.addAndGet(49);
            group.commitIfDue();
            assertEquals("pending", status(store, "e/0"), "committed before the oldest entry had waited 200 ns");
            assertEquals(0, store.series("e/0", "loss")[0].length);
            assertTrue(Files.exists(c0) && Files.exists(c1), "a checkpoint went before its run was committed");
            now.addAndGet(1); // the oldest entry has waited exactly 200 ns; the newer one 50 ns
            group.commitIfDue();
            assertEquals("done", status(store, "e/0"));
            assertEquals("done", status(store, "e/1"));
            assertArrayEquals(new double[] {0, 1, 2, 3, 4}, store.series("e/0", "loss")[1]);
            assertEquals(3, store.series("e/1", "loss")[0].length);
            assertEquals(1, store.events("e/1").size());
            assertFalse(Files.exists(c0) || Files.exists(c1), "checkpoints of committed runs remain");
            group.commitAll(); // nothing pending: no error, nothing written twice
            assertEquals(5, store.series("e/0", "loss")[0].length);
        }
    }

    @Test
    void aFailedCommitKeepsTheCheckpointsAndWritesNothingOfTheGroup() throws Exception {
        ResultStore store = open(dir, "e/0", "e/1");
        Path c0 = Files.writeString(dir.resolve("0.ckpt"), "x");
        CommitGroup group = new CommitGroup(store, Long.MAX_VALUE, () -> 0L);
        group.add(batch("e/0", -1, 0, 5, "done"), c0);
        store.close();
        assertThrows(SQLException.class, group::commitAll);
        assertTrue(Files.exists(c0), "the checkpoint of an uncommitted run was deleted");
        try (ResultStore again = ResultStore.open(dir)) {
            assertEquals("pending", status(again, "e/0"));
            assertEquals(0, again.series("e/0", "loss")[0].length);
        }
    }

    @Test
    void clearFromDeletesOnlyTheResumedRunsRowsFromItsCheckpointOn() throws Exception {
        try (ResultStore store = open(dir, "e/0", "e/1")) {
            // A killed process committed steps 0..9 of both runs; run 0 resumes from step 6.
            store.commit(List.of(batch("e/0", -1, 0, 10, "running"), batch("e/1", -1, 0, 10, "running")));
            store.commit(List.of(batch("e/0", 6, 6, 2, "done")));
            double[][] s0 = store.series("e/0", "loss");
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, s0[0]);
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6000, 6001}, s0[1]);
            assertEquals(10, store.series("e/1", "loss")[0].length, "another run's rows were deleted");
            assertEquals(List.of(0L, 6L), store.events("e/0").stream().map(ResultStore.Event::step).toList());
        }
    }
}
