package dev.curvature.lab.runner;

import dev.curvature.lab.store.ResultStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The final results of finished runs, committed to the store together: the first run added waits
 * at most {@code maxWaitNanos} for others to join its transaction. A DuckDB commit costs a few
 * milliseconds, as much as the rows of a run of a few thousand steps, and is serial; grouping the
 * commits of short runs keeps the store from bounding the speed-up of parallel workers.
 *
 * <p>Nothing is lost by the wait: a run's checkpoint file is deleted only after its rows are
 * committed, so a run killed while it waits here is resumed from its last checkpoint (or
 * recomputed from its start, bitwise the same) by {@code --resume}. Workers call {@link
 * #commitIfDue} as they step, so a lone finished run is committed within about {@code
 * maxWaitNanos} even while every worker is busy with a long run. The wait is measured on the
 * runner's clock ({@link System#nanoTime} outside tests).
 */
final class CommitGroup {
    /** A finished run's batch and the checkpoint file to delete once it is committed. */
    private record Entry(ResultStore.RunBatch batch, Path checkpoint) {}

    private final ResultStore store;
    private final long maxWaitNanos;
    private final LongSupplier clock;
    private final List<Entry> pending = new ArrayList<>();
    /** When the oldest pending entry was added; {@link Long#MAX_VALUE} when none is pending. */
    private volatile long oldestNanos = Long.MAX_VALUE;

    CommitGroup(ResultStore store, long maxWaitNanos, LongSupplier nanoTime) {
        this.store = store;
        this.maxWaitNanos = maxWaitNanos;
        this.clock = nanoTime;
    }

    /** Adds a finished run's batch; commits the group when its oldest entry has waited long enough. */
    void add(ResultStore.RunBatch batch, Path checkpoint) throws SQLException {
        synchronized (this) {
            if (pending.isEmpty()) {
                oldestNanos = clock.getAsLong();
            }
            pending.add(new Entry(batch, checkpoint));
        }
        commitIfDue();
    }

    /** Commits the pending batches when the oldest has waited {@code maxWaitNanos}; cheap otherwise. */
    void commitIfDue() throws SQLException {
        long oldest = oldestNanos;
        if (oldest != Long.MAX_VALUE && clock.getAsLong() - oldest >= maxWaitNanos) {
            commitAll();
        }
    }

    /**
     * Commits every pending batch in one transaction, then deletes their checkpoints. On failure
     * the batches are dropped: their runs stay unfinished in the store and {@code --resume} runs
     * them again.
     */
    void commitAll() throws SQLException {
        List<Entry> group;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            group = new ArrayList<>(pending);
            pending.clear();
            oldestNanos = Long.MAX_VALUE;
        }
        store.commit(group.stream().map(Entry::batch).toList());
        for (Entry e : group) {
            try {
                Files.deleteIfExists(e.checkpoint());
            } catch (IOException ignored) {
                // The run is stored as finished; a stale checkpoint of it is never read again.
            }
        }
    }
}
