package dev.curvature.lab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.io.WriteGate;
import dev.curvature.lab.Lab;
import dev.curvature.lab.runner.Progress;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.testing.Cli;
import dev.curvature.lab.testing.StoredResults;
import dev.curvature.lab.testing.FaultyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results folders that cannot be written: a file where the folder should be, a folder under a
 * file, a folder without write permission, a read-only file system, a full disk before the sweep,
 * during the sweep and while the report is written, and a checkpoint folder that disappears in the
 * middle of a sweep. Each gives a clear error naming the folder and an exit code (2 when the
 * problem is found before any run starts and nothing was changed, 1 when a write fails during the
 * sweep or the report), and leaves the results stored earlier intact: the same metric rows and
 * run records, bit for bit, and the previous report.html and plots byte for byte. After a failure
 * during the sweep, {@code --resume} completes it to results identical to an undisturbed run.
 *
 * <p>The full, read-only and unwritable file systems are made by {@link FaultyDisk} at the
 * writers' {@link WriteGate}, so these tests run everywhere: as root, whom permission bits do not
 * stop, and without the right to mount a small file system.
 */
class ResultsFolderFaultTest {
    static final String SPEC = """
            name: faults
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
            report:
              metrics: [loss]
            """;
    static final int RUNS = 8;

    @TempDir
    static Path shared;
    static Path spec;
    static StoredResults reference;

    @TempDir
    Path tmp;

    @BeforeAll
    static void undisturbedRun() throws Exception {
        spec = shared.resolve("faults.yaml");
        Files.writeString(spec, SPEC);
        Path out = shared.resolve("reference");
        Cli r = run("--out", out.toString(), "--workers", "2");
        assertEquals(0, r.exitCode(), r::toString);
        reference = StoredResults.read(out, "faults");
        assertEquals(RUNS, reference.finished());
    }

    // ------------------------------------------------------------------ unusable before the sweep: exit 2

    @Test
    void aFileWhereTheFolderShouldBe() throws Exception {
        Path out = tmp.resolve("results");
        Files.writeString(out, "not a folder");
        Cli r = run("--out", out.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("cannot use " + out + " as the results folder: it is a file"), r::toString);
        assertEquals("not a folder", Files.readString(out));
    }

    @Test
    void aFolderUnderAFile() throws Exception {
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        Path out = file.resolve("results");
        Cli r = run("--out", out.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("cannot create the results folder " + out + ":"), r::toString);
        assertEquals("x", Files.readString(file));
    }

    @Test
    void existingResultsWithoutResumeOrOfAnotherExperimentAreRefused() throws Exception {
        Path out = tmp.resolve("results");
        Snapshot before = complete(out);
        Cli again = run("--out", out.toString());
        assertEquals(2, again.exitCode(), again::toString);
        assertTrue(again.err().contains("results for 'faults' already exist in " + out), again::toString);
        assertTrue(again.err().contains("--resume"), again::toString);
        Path other = tmp.resolve("other.yaml");
        Files.writeString(other, SPEC.replace("name: faults", "name: other"));
        Cli mixed = Cli.run("run", other.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(2, mixed.exitCode(), mixed::toString);
        assertTrue(mixed.err().contains("already holds experiment 'faults'"), mixed::toString);
        Files.writeString(other, SPEC.replace("max_steps: 1500", "max_steps: 1400"));
        Cli changed = Cli.run("run", other.toString(), "--out", out.toString(), "--no-progress", "--resume");
        assertEquals(2, changed.exitCode(), changed::toString);
        assertTrue(changed.err().contains("from a different spec"), changed::toString);
        before.assertIntact(out);
    }

    @Test
    void aFolderWithoutWritePermission() throws Exception {
        Path out = tmp.resolve("results");
        Snapshot before = complete(out);
        try (FaultyDisk disk = FaultyDisk.under(out)) {
            disk.denyPermission();
            Cli r = run("--out", out.toString(), "--resume");
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("cannot write to the results folder " + out + ": permission denied"), r::toString);
            Cli report = Cli.run("report", out.toString());
            assertEquals(2, report.exitCode(), report::toString);
            assertTrue(report.err().contains("cannot write to the results folder " + out + ": permission denied"),
                    report::toString);
        }
        before.assertIntact(out);
    }

    @Test
    void readOnlyFileSystem() throws Exception {
        Path out = tmp.resolve("results");
        Snapshot before = complete(out);
        try (FaultyDisk disk = FaultyDisk.under(out)) {
            disk.readOnly();
            Cli r = run("--out", out.toString(), "--resume");
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("cannot write to the results folder " + out + ": Read-only file system"),
                    r::toString);
            Cli report = Cli.run("report", out.toString());
            assertEquals(2, report.exitCode(), report::toString);
            assertTrue(report.err().contains(out.toString()), report::toString);
        }
        before.assertIntact(out);
    }

    @Test
    void fullDiskBeforeTheSweep() throws Exception {
        Path out = tmp.resolve("results");
        Snapshot before = complete(out);
        try (FaultyDisk disk = FaultyDisk.under(out)) {
            disk.fill();
            Cli r = run("--out", out.toString(), "--resume");
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().contains("cannot write to the results folder " + out + ": No space left on device"),
                    r::toString);
        }
        before.assertIntact(out);
    }

    // ------------------------------------------------------------------ failures while writing: exit 1

    /**
     * The disk fills up at every write the report makes in turn (each plot, each page): every time
     * the report fails with exit 1, the previous report.html and plots stay byte for byte and no
     * temporary file is left; once space is back the report is written whole. A full disk leaves
     * the file being written empty, so a report written in place, not swapped in, fails here.
     */
    @Test
    void fullDiskWhileTheReportIsWritten() throws Exception {
        Path out = tmp.resolve("results");
        Snapshot before = complete(out);
        try (FaultyDisk disk = FaultyDisk.under(out)) {
            Cli healthy = Cli.run("report", out.toString());
            assertEquals(0, healthy.exitCode(), healthy::toString);
            before.assertIntact(out);
            long writes = disk.writes();
            assertTrue(writes >= 4, writes + " writes: the probe, two plots and the page at least");
            for (long k = 1; k < writes; k++) {
                disk.fillAfterWrites(k); // the first write is the folder's probe: a full disk there is exit 2
                Cli r = Cli.run("report", out.toString());
                String at = "full after " + k + " of " + writes + " writes: ";
                assertEquals(1, r.exitCode(), () -> at + r);
                assertTrue(r.err().contains("cannot write the report in " + out + ": "), () -> at + r);
                assertTrue(r.err().contains("No space left on device"), () -> at + r);
                assertTrue(r.err().contains("previous report, if any, is unchanged"), () -> at + r);
                before.assertIntact(out);
                disk.heal();
            }
            Cli again = Cli.run("report", out.toString());
            assertEquals(0, again.exitCode(), again::toString);
            before.assertIntact(out);
        }
    }

    @Test
    void plotFolderVanishingWhileTheReportIsWritten() throws Exception {
        Path out = tmp.resolve("results");
        Snapshot before = complete(out);
        try (FaultyDisk disk = FaultyDisk.under(out)) {
            disk.onFirst(p -> p.getFileName().toString().startsWith("01-"), () -> deletePlotStaging(out));
            Cli r = Cli.run("report", out.toString());
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("cannot write the report in " + out + ": "), r::toString);
            // Figures are drawn in parallel: the write that fails is one of the plots after the staging vanished.
            assertTrue(r.err().matches("(?s).*\\.plots-\\d+/\\d\\d-[a-z0-9-]+\\.png.*"), r::toString);
            assertTrue(r.err().contains("No such file or directory"), r::toString);
        }
        before.assertIntact(out);
    }

    @Test
    void fullDiskDuringTheSweep() throws Exception {
        sweepWithAFullDisk(FaultyDisk::fill);
    }

    @Test
    void fullDiskWhenTheDatabaseCommitsDuringTheSweep() throws Exception {
        IOException e = sweepWithAFullDisk(disk -> disk.fill(WriteGate.Op.COMMIT));
        assertTrue(e.getMessage().contains("Could not write file"), e.getMessage());
    }

    @Test
    void fullDiskWhenACheckpointIsWrittenDuringTheSweep() throws Exception {
        IOException e = sweepWithAFullDisk(disk -> disk.fill(WriteGate.Op.WRITE));
        assertTrue(e.getMessage().contains("cannot write checkpoint "), e.getMessage());
    }

    @Test
    void checkpointFolderVanishingDuringTheSweep() throws Exception {
        Path out = tmp.resolve("results");
        Path checkpoints = out.resolve("checkpoints");
        Path aside = tmp.resolve("checkpoints-aside");
        IOException e;
        try (FaultyDisk disk = FaultyDisk.under(out)) {
            e = sweepFailingAfter(out, 5_000, () -> disk.onFirst(p -> p.startsWith(checkpoints),
                    () -> Files.move(checkpoints, aside)));
        }
        assertTrue(e.getMessage().startsWith("cannot write results to " + out + ": while storing run faults/"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot write checkpoint " + checkpoints.resolve("")), e.getMessage());
        assertTrue(e.getMessage().contains("no such file or folder"), e.getMessage());
        Files.move(aside, checkpoints);
        resumeToTheReference(out);
    }

    @Test
    void checkpointFolderReplacedByAFileDuringTheSweep() throws Exception {
        Path out = tmp.resolve("results");
        Path checkpoints = out.resolve("checkpoints");
        Path aside = out.resolve("checkpoints-aside");
        IOException e = sweepFailingAfter(out, 5_000, () -> {
            Files.move(checkpoints, aside);
            Files.writeString(checkpoints, "in the way");
        });
        assertTrue(e.getMessage().startsWith("cannot write results to " + out + ": while storing run faults/"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot write checkpoint " + checkpoints.resolve("")), e.getMessage());
        Files.delete(checkpoints);
        Files.move(aside, checkpoints);
        resumeToTheReference(out);
    }

    // ------------------------------------------------------------------ helpers

    private static Cli run(String... args) {
        String[] all = Stream.concat(Stream.of("run", spec.toString(), "--no-progress"), Stream.of(args))
                .toArray(String[]::new);
        return Cli.run(all);
    }

    /** Runs the spec to completion into {@code out} and records what it stored. */
    private static Snapshot complete(Path out) throws Exception {
        Cli r = run("--out", out.toString(), "--workers", "2");
        assertEquals(0, r.exitCode(), r::toString);
        Snapshot s = Snapshot.of(out);
        StoredResults.assertSameResults(reference, s.results(), "complete run");
        return s;
    }

    interface Action {
        void run() throws Exception;
    }

    /**
     * Runs the sweep in this JVM and does {@code fault} once {@code steps} steps are done; returns
     * the sweep's failure after checking that what it stored is part of the undisturbed results.
     */
    private static IOException sweepFailingAfter(Path out, long steps, Action fault) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean fired = new AtomicBoolean();
        Progress hook = new Progress() {
            @Override
            public void start(String name, int runs, long totalSteps) {}

            @Override
            public void advance(long n) {
                if (done.addAndGet(n) >= steps && fired.compareAndSet(false, true)) {
                    try {
                        fault.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void finish() {}
        };
        ExperimentSpec s = ExperimentSpec.parse(SPEC, spec.toString());
        IOException e = assertThrows(IOException.class, () -> Lab.execute(s, out, new Runner.Options(2, false, hook)));
        assertTrue(fired.get(), "the fault happened");
        StoredResults partial = StoredResults.read(out, "faults");
        assertTrue(partial.finished() < RUNS, partial.finished() + " runs finished before the failure");
        assertTrue(!partial.metrics().isEmpty(), "rows were stored before the failure");
        StoredResults.assertPrefixOf(reference, partial, "rows stored before the failure");
        assertTrue(!Files.exists(out.resolve("report.html")), "no report of an unfinished sweep");
        return e;
    }

    /**
     * Fills the disk once 5,000 steps are done, checks the sweep's failure and what it stored, then
     * frees the space and resumes to results bitwise equal to the undisturbed run.
     */
    private IOException sweepWithAFullDisk(java.util.function.Consumer<FaultyDisk> fill) throws Exception {
        Path out = tmp.resolve("results");
        IOException e;
        try (FaultyDisk disk = FaultyDisk.under(out)) {
            e = sweepFailingAfter(out, 5_000, () -> fill.accept(disk));
        }
        assertTrue(e.getMessage().startsWith("cannot write results to " + out + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("continue with --resume"), e.getMessage());
        resumeToTheReference(out);
        return e;
    }

    /** Deletes the report's plot staging folder ({@code .plots-*}) in {@code out}. */
    private static void deletePlotStaging(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            for (Path staging : s.filter(p -> p.getFileName().toString().startsWith(".plots-")).toList()) {
                try (Stream<Path> w = Files.walk(staging)) {
                    for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void resumeToTheReference(Path out) throws Exception {
        Cli r = run("--out", out.toString(), "--resume", "--workers", "2");
        assertEquals(0, r.exitCode(), r::toString);
        StoredResults.assertSameResults(reference, StoredResults.read(out, "faults"), "resumed after the failure");
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    /** The stored results, report.html and plots of a folder. */
    record Snapshot(StoredResults results, String report, Map<String, String> plots) {
        static Snapshot of(Path dir) throws Exception {
            Map<String, String> plots = new TreeMap<>();
            try (Stream<Path> s = Files.list(dir.resolve("plots"))) {
                for (Path p : s.toList()) {
                    plots.put(p.getFileName().toString(), sha256(p));
                }
            }
            assertTrue(!plots.isEmpty(), "plots");
            return new Snapshot(StoredResults.read(dir, "faults"), sha256(dir.resolve("report.html")), plots);
        }

        /** Fails unless {@code dir} holds exactly this snapshot and no temporary files. */
        void assertIntact(Path dir) throws Exception {
            Snapshot now = of(dir);
            StoredResults.assertSameResults(results, now.results, "results stored before the failure");
            assertEquals(report, now.report, "report.html changed");
            assertEquals(plots, now.plots, "plots changed");
            try (Stream<Path> s = Files.list(dir)) {
                List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
                assertEquals(List.of("checkpoints", "plots", "report.html", ResultStore.FILE), names.stream()
                        .filter(n -> !n.equals(ResultStore.FILE + ".wal")).toList(), "files in " + dir);
            }
        }

        private static String sha256(Path p) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        }
    }
}
