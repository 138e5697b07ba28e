package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.Lab;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.testing.Cli;
import dev.curvature.lab.testing.StoredResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints belong to one run of one spec in one result database, and are intact: a damaged,
 * swapped or foreign checkpoint is refused before any run starts (exit 2) with the file and the
 * fix, and following the fix (deleting it) resumes to results bitwise equal to an uninterrupted
 * sweep.
 */
class CheckpointIntegrityTest {
    static final String SPEC = """
            name: ckpt
            seed: 3
            repeats: 2
            problem: {name: quadratic, n: 60, mu: 0.05, L: 5.0, seed: 1}
            optimizers:
              gd: {name: gd, lr: 0.1}
              adam: {name: adam, lr: 0.01}
            grid:
              problem.n: [30, 60]
            stop: {max_steps: 1500}
            run: {record_every: 5, checkpoint_every: 50}
            """;

    @TempDir
    static Path shared;
    static Path spec;
    static StoredResults reference;
    /** A sweep stopped by a write failure, with the checkpoints of its runs in flight. */
    static Path interrupted;

    @TempDir
    Path tmp;

    @BeforeAll
    static void referenceAndInterruptedSweeps() throws Exception {
        spec = Files.writeString(shared.resolve("ckpt.yaml"), SPEC);
        Path out = shared.resolve("reference");
        Cli r = Cli.run("run", spec.toString(), "--no-progress", "--out", out.toString(), "--workers", "2");
        assertEquals(0, r.exitCode(), r::toString);
        reference = StoredResults.read(out, "ckpt");
        interrupted = shared.resolve("interrupted");
        Path checkpoints = interrupted.resolve("checkpoints");
        Path aside = shared.resolve("checkpoints-aside");
        AtomicLong done = new AtomicLong();
        AtomicBoolean fired = new AtomicBoolean();
        Progress moveCheckpointsAway = new Progress() {
            @Override
            public void start(String name, int runs, long totalSteps) {}

            @Override
            public void advance(long n) {
                if (done.addAndGet(n) >= 5_000 && fired.compareAndSet(false, true)) {
                    try {
                        Files.move(checkpoints, aside);
                        Files.writeString(checkpoints, "in the way");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void finish() {}
        };
        assertThrows(IOException.class, () -> Lab.execute(ExperimentSpec.parse(SPEC, spec.toString()), interrupted,
                new Runner.Options(2, false, moveCheckpointsAway)));
        Files.delete(checkpoints);
        Files.move(aside, checkpoints);
        assertTrue(unfinished(interrupted).size() >= 2, "checkpoints of two unfinished runs");
    }

    @Test
    void aFlippedByteInACheckpointIsRefusedAndDeletingItRestartsTheRun() throws Exception {
        Path out = copy();
        Path ckpt = unfinished(out).getFirst();
        byte[] b = Files.readAllBytes(ckpt);
        b[b.length / 2] ^= 0x10;
        Files.write(ckpt, b);
        Cli r = resume(out);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("curvature: error: checkpoint " + ckpt + " of run " + runId(ckpt) + " cannot be "
                + "used: it is truncated or corrupt (its checksum does not match its content). Nothing was run. "
                + "Delete it to restart that run from the first step (runs are deterministic: the results are the "
                + "same, only time is lost), then resume again: rm " + ckpt), r::toString);
        Files.delete(ckpt);
        resumeToTheReference(out);
    }

    @Test
    void aTruncatedOrEmptyCheckpointIsRefusedWithTheFileAndTheFix() throws Exception {
        Path out = copy();
        Path truncated = unfinished(out).get(0);
        Path empty = unfinished(out).get(1);
        byte[] b = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(b, b.length / 3));
        Files.write(empty, new byte[0]);
        Cli r = resume(out);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("checkpoint " + truncated + " of run " + runId(truncated) + " cannot be used: it "
                + "is truncated or corrupt (its checksum does not match its content)"), r::toString);
        assertTrue(r.err().contains("checkpoint " + empty + " of run " + runId(empty) + " cannot be used: it is "
                + "empty"), r::toString);
        assertTrue(r.err().contains("Delete them to restart those runs from the first step"), r::toString);
        assertTrue(r.err().contains("rm " + truncated + " " + empty) || r.err().contains("rm " + empty + " "
                + truncated), r::toString);
        Files.delete(truncated);
        Files.delete(empty);
        resumeToTheReference(out);
    }

    @Test
    void swappedCheckpointsAreRefused() throws Exception {
        Path out = copy();
        Path a = unfinished(out).get(0);
        Path b = unfinished(out).get(1);
        Path t = out.resolve("swap");
        Files.move(a, t);
        Files.move(b, a);
        Files.move(t, b);
        Cli r = resume(out);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("checkpoint " + a + " of run " + runId(a) + " cannot be used: it belongs to run "
                + runId(b) + ", not " + runId(a)), r::toString);
        assertTrue(r.err().contains("checkpoint " + b + " of run " + runId(b) + " cannot be used: it belongs to run "
                + runId(a) + ", not " + runId(b)), r::toString);
    }

    @Test
    void aCheckpointOfAnotherDatabaseIsRefused() throws Exception {
        Path out = copy();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out.resolve(ResultStore.FILE));
             Statement s = c.createStatement()) {
            s.execute("UPDATE curvature_store SET store_id = 'another-database'");
        }
        Path ckpt = unfinished(out).getFirst();
        Cli r = resume(out);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("checkpoint " + ckpt + " of run " + runId(ckpt) + " cannot be used: it belongs to "
                + "another result database (store "), r::toString);
        assertTrue(r.err().contains("this folder's is another-database)"), r::toString);
    }

    @Test
    void checkpointsWithoutTheirDatabaseAreNotResumed() throws Exception {
        Path out = copy();
        Files.delete(out.resolve(ResultStore.FILE));
        Files.deleteIfExists(out.resolve(ResultStore.FILE + ".wal"));
        Cli r = resume(out);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("curvature: error: cannot use " + out + " as the results folder: it is not empty "
                + "(checkpoints) and holds no results.duckdb"), r::toString);
        assertTrue(!Files.exists(out.resolve(ResultStore.FILE)), "a database was created");
    }

    @Test
    void aCommentOnlyEditOfTheSpecResumes() throws Exception {
        Path out = copy();
        Path edited = Files.writeString(tmp.resolve("edited.yaml"), "# the same sweep, commented\n"
                + SPEC.replace("repeats: 2", "repeats: 2   # two seeds"));
        Cli r = Cli.run("run", edited.toString(), "--no-progress", "--out", out.toString(), "--workers", "2",
                "--resume");
        assertEquals(0, r.exitCode(), r::toString);
        StoredResults.assertSameResults(reference, StoredResults.read(out, "ckpt"), "resumed with an edited comment");
        try (ResultStore store = ResultStore.openReadOnly(out)) {
            assertEquals(SPEC, store.specText("ckpt"), "the stored spec is the one the sweep started from");
        }
        Path changed = Files.writeString(tmp.resolve("changed.yaml"), SPEC.replace("lr: 0.1", "lr: 0.2"));
        Cli refused = Cli.run("run", changed.toString(), "--no-progress", "--out", out.toString(), "--resume");
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("already holds experiment 'ckpt' from a different spec"), refused::toString);
    }

    @Test
    void anyDamageToACheckpointFileIsAnIoException() throws Exception {
        Path ckpt = unfinished(interrupted).getFirst();
        byte[] good = Files.readAllBytes(ckpt);
        Checkpoint c = Checkpoint.read(ckpt);
        assertEquals(runId(ckpt), c.identity().runId());
        Path f = tmp.resolve("damaged.ckpt");
        Random random = new Random(1);
        for (int n = 0; n < good.length; n += 1 + n / 8) {
            Files.write(f, Arrays.copyOf(good, n));
            assertThrows(IOException.class, () -> Checkpoint.read(f), "a prefix of " + n + " bytes");
        }
        for (int i = 0; i < 200; i++) {
            byte[] b = good.clone();
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
            Files.write(f, b);
            assertThrows(IOException.class, () -> Checkpoint.read(f), "a changed byte");
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            Files.write(f, junk);
            assertThrows(IOException.class, () -> Checkpoint.read(f), "random bytes");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The checkpoint files of the runs stored as unfinished in {@code out}, by run index. */
    private static List<Path> unfinished(Path out) throws Exception {
        List<Path> files = new ArrayList<>();
        try (ResultStore store = ResultStore.openReadOnly(out)) {
            for (var row : store.query("SELECT run_index FROM runs WHERE status NOT IN ('done', 'diverged') "
                    + "ORDER BY run_index")) {
                Path p = out.resolve("checkpoints").resolve(row.get("run_index") + ".ckpt");
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        return files;
    }

    private static String runId(Path ckpt) {
        return "ckpt/" + ckpt.getFileName().toString().replace(".ckpt", "");
    }

    private Path copy() throws IOException {
        Path out = tmp.resolve("results");
        try (Stream<Path> s = Files.walk(interrupted)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, out.resolve(interrupted.relativize(p).toString()));
            }
        }
        return out;
    }

    private static Cli resume(Path out) {
        return Cli.run("run", spec.toString(), "--no-progress", "--out", out.toString(), "--workers", "2", "--resume");
    }

    private static void resumeToTheReference(Path out) throws Exception {
        Cli r = resume(out);
        assertEquals(0, r.exitCode(), r::toString);
        StoredResults.assertSameResults(reference, StoredResults.read(out, "ckpt"), "resumed after deleting");
    }
}
