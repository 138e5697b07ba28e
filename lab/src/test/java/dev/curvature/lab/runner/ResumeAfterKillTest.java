package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.testing.CurvatureProcess;
import dev.curvature.lab.testing.StoredResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code curvature run} at several moments of a sweep (during the very first
 * run, in the middle with two workers, twice in a row, while the report is written), then
 * {@code --resume} to the end: the stored results are bitwise those of an uninterrupted run of
 * the same spec in another folder: every run, logged step, metric and value, and every run's
 * status, stop reason, step count and final values. Nothing is lost and nothing is duplicated.
 *
 * <p>The kill moments are progress, not time: the appearance of run checkpoints (written only
 * after the run's rows are committed), then a seeded number of further checkpoint writes, or the
 * report's temporary plot folder. Each test draws from its own generator, seeded with the base
 * seed ({@value #DEFAULT_SEED}, or {@code -Dcurvature.killSeed=N}) and the test's name, so no test
 * depends on which ran before it; the seed is printed with each kill and named in each failure.
 * A test fails for time only when nothing observable changes for {@link #LIMIT}.
 */
class ResumeAfterKillTest {
    static final long DEFAULT_SEED = 20240611L;
    static final Duration LIMIT = Duration.ofSeconds(90);

    /** 12 runs of 2 000 steps that checkpoint every 40 steps: a few seconds of sweep. */
    static final String SPEC = """
            name: kill-sweep
            seed: 7
            repeats: 2
            problem: {name: quadratic, n: 200, mu: 0.01, L: 10.0, seed: 3}
            optimizers:
              gd: {name: gd, lr: 0.05}
              adam: {name: adam, lr: 0.01}
              momentum: {name: sgd, lr: 0.02, momentum: 0.9}
            grid:
              problem.n: [100, 300]
            stop: {max_steps: 2000}
            run: {record_every: 10, checkpoint_every: 40}
            monitors:
              - {name: param_norm, every: 100}
            report:
              metrics: [loss, param_norm]
            """;

    @TempDir
    static Path tmp;
    static Path spec;
    static StoredResults reference;
    /** This test's kill-moment seed and generator. */
    private long seed;
    private Random random;

    @BeforeEach
    void seedFromTheTestName(TestInfo test) {
        seed = Long.getLong("curvature.killSeed", DEFAULT_SEED) * 31 + test.getTestMethod().orElseThrow().getName().hashCode();
        random = new Random(seed);
    }

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        spec = tmp.resolve("kill-sweep.yaml");
        Files.writeString(spec, SPEC);
        Path out = tmp.resolve("reference");
        CurvatureProcess p = CurvatureProcess.run(tmp.resolve("logs"), "reference", LIMIT, "run", spec.toString(),
                "--out", out.toString(), "--workers", "1");
        assertEquals(0, p.exitCode(), p::describe);
        reference = StoredResults.read(out, "kill-sweep");
        assertEquals(12, reference.finished());
        assertProgressIsQuiet(p);
    }

    @Test
    void killDuringTheFirstRun() throws Exception {
        Path out = tmp.resolve("first-run");
        CurvatureProcess p = start("first-run", out, 1);
        killWhen(p, out, () -> Files.exists(out.resolve("checkpoints/0.ckpt")), "the first checkpoint of run 0", 3);
        assertTrue(checkpoints(out).contains("0.ckpt"), "run 0 was interrupted after its first checkpoint");
        resumeAndCompare(out, "first-run");
    }

    @Test
    void killInTheMiddleOfTheSweep() throws Exception {
        Path out = tmp.resolve("middle");
        CurvatureProcess p = start("middle", out, 2);
        int runs = 3 + random.nextInt(4);
        killWhen(p, out, seenCheckpoints(out, runs), "checkpoints of " + runs + " different runs", 4);
        resumeAndCompare(out, "middle");
    }

    @Test
    void killTheSweepAndThenTheResume() throws Exception {
        Path out = tmp.resolve("twice");
        CurvatureProcess p = start("twice", out, 2);
        int first = 2 + random.nextInt(3);
        killWhen(p, out, seenCheckpoints(out, first), "checkpoints of " + first + " different runs", 4);
        CurvatureProcess again = start("twice-resume", out, 2, "--resume");
        int second = 2 + random.nextInt(3);
        killWhen(again, out, seenCheckpoints(out, second), "checkpoints of " + second
                + " different runs after resuming", 4);
        resumeAndCompare(out, "twice");
    }

    @Test
    void killWhileTheReportIsWritten() throws Exception {
        Path out = tmp.resolve("report");
        CurvatureProcess p = start("report", out, 2);
        // The report is written once, in moments: the kill comes as soon as its plot folder appears.
        killWhen(p, out, () -> list(out).stream().anyMatch(n -> n.startsWith(".plots-")), "the report's plot folder", 0);
        assertFalse(Files.exists(out.resolve("report.html")), "the report was not yet complete");
        assertSame(out, "report, before resuming");
        resumeAndCompare(out, "report");
    }

    @Test
    void anInterruptedSweepSaysHowToContinueIt() throws Exception {
        Path out = tmp.resolve("interrupted");
        CurvatureProcess p = start("interrupted", out, 2);
        await(p, out, seenCheckpoints(out, 2), "checkpoints of 2 different runs");
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
        assertEquals(143, p.await(LIMIT), "exit code of a SIGTERM (Ctrl-C gives 130)\n" + p.describe());
        assertTrue(p.stderr().contains("curvature: interrupted; continue with: curvature run " + spec + " --resume --out "
                + out), p::describe);
        resumeAndCompare(out, "interrupted");
    }

    // ------------------------------------------------------------------ helpers

    private static CurvatureProcess start(String name, Path out, int workers, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(),
                "--workers", Integer.toString(workers)));
        args.addAll(List.of(more));
        return CurvatureProcess.start(tmp.resolve("logs"), name, args.toArray(String[]::new));
    }

    /**
     * Polls until {@code moment}, then until a seeded 0 to {@code maxExtraWrites} further checkpoint
     * writes, and kills the process; fails if the process ended by itself first (the sweep would
     * then be too short for this test).
     */
    private void killWhen(CurvatureProcess p, Path out, BooleanSupplier moment, String what, int maxExtraWrites)
            throws Exception {
        await(p, out, moment, what);
        int extra = maxExtraWrites == 0 ? 0 : random.nextInt(maxExtraWrites + 1);
        await(p, out, checkpointWrites(out, extra), extra + " further checkpoint writes after " + what);
        int code = p.kill();
        assertEquals(137, code, "exit code of a SIGKILL (kill seed " + seed + ")");
        System.out.printf("killed after %s and %d further checkpoint writes (kill seed %d, %.2f s into the process)%n",
                what, extra, seed, p.seconds());
    }

    /**
     * Polls until {@code moment}; fails when the process ends first, or when nothing in the results
     * folder (its files, the checkpoints' modification times) changes for {@link #LIMIT}.
     */
    private void await(CurvatureProcess p, Path out, BooleanSupplier moment, String what) throws Exception {
        Set<String> seen = activity(out);
        double lastChange = p.seconds();
        while (!moment.getAsBoolean()) {
            if (!p.isAlive()) {
                fail("curvature ended before " + what + " (kill seed " + seed + ")\n" + p.describe());
            }
            Set<String> now = activity(out);
            if (!now.equals(seen)) {
                seen = now;
                lastChange = p.seconds();
            } else if (p.seconds() - lastChange > LIMIT.toSeconds()) {
                p.kill();
                fail("nothing progressed for " + LIMIT + " while waiting for " + what + " (kill seed " + seed + ")\n"
                        + p.describe());
            }
            Thread.sleep(2);
        }
    }

    /** What a sweep's progress changes in its folder: the file names and the checkpoints' stamps. */
    private static Set<String> activity(Path out) {
        Set<String> s = new HashSet<>(list(out));
        s.addAll(stamps(out));
        return s;
    }

    /** True once {@code writes} checkpoint files have been written since this call. */
    private static BooleanSupplier checkpointWrites(Path out, int writes) {
        Set<String> before = stamps(out);
        Set<String> seen = new HashSet<>();
        return () -> {
            for (String stamp : stamps(out)) {
                if (!before.contains(stamp)) {
                    seen.add(stamp);
                }
            }
            return seen.size() >= writes;
        };
    }

    /**
     * True once checkpoint files of {@code runs} different runs have been written since this
     * call (files already there, left by a killed process, do not count until rewritten).
     */
    private static BooleanSupplier seenCheckpoints(Path out, int runs) {
        Set<String> before = stamps(out);
        Set<String> seen = new HashSet<>();
        return () -> {
            for (String stamp : stamps(out)) {
                if (!before.contains(stamp)) {
                    seen.add(stamp.substring(0, stamp.indexOf('@')));
                }
            }
            return seen.size() >= runs;
        };
    }

    /** Checkpoint files as name@modification time. */
    private static Set<String> stamps(Path out) {
        Set<String> s = new HashSet<>();
        for (String n : checkpoints(out)) {
            if (n.endsWith(".ckpt")) {
                try {
                    s.add(n + "@" + Files.getLastModifiedTime(out.resolve("checkpoints").resolve(n)).toInstant());
                } catch (IOException e) {
                    // deleted between the listing and the look-up: the run just finished
                }
            }
        }
        return s;
    }

    private static List<String> checkpoints(Path out) {
        return list(out.resolve("checkpoints"));
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Resumes to the end and compares with the uninterrupted run. */
    private static void resumeAndCompare(Path out, String name) throws Exception {
        // Checkpoints of runs the kill left unfinished; each must be continued, not restarted.
        Set<String> finished = new HashSet<>();
        try (ResultStore store = ResultStore.openReadOnly(out)) {
            for (var row : store.query("SELECT run_index FROM runs WHERE status IN ('done', 'diverged')")) {
                finished.add(row.get("run_index") + ".ckpt");
            }
        }
        long left = checkpoints(out).stream().filter(n -> n.endsWith(".ckpt") && !finished.contains(n)).count();
        CurvatureProcess r = CurvatureProcess.run(tmp.resolve("logs"), name + "-final", LIMIT, "run", spec.toString(),
                "--out", out.toString(), "--workers", "2", "--resume");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("kill-sweep: 12 runs"), r::describe);
        assertEquals(left > 0, r.stdout().contains(", " + left + " resumed from checkpoints)"),
                left + " checkpoints were left; the resume must continue each of them\n" + r.describe());
        assertSame(out, name);
        assertTrue(Files.isRegularFile(out.resolve("report.html")), "report.html");
        assertEquals(List.of(), checkpoints(out), "checkpoints left after the sweep");
        assertTrue(list(out).stream().noneMatch(n -> n.startsWith(".")), "temporary files left: " + list(out));
    }

    private static void assertSame(Path out, String name) throws Exception {
        StoredResults.assertSameResults(reference, StoredResults.read(out, "kill-sweep"), name);
    }

    /** With no terminal, progress is a few plain lines, not a bar redrawn for every update. */
    static void assertProgressIsQuiet(CurvatureProcess p) throws IOException {
        String err = p.stderr();
        assertFalse(err.contains("\r"), "carriage returns in non-terminal output:\n" + err);
        long lines = err.lines().filter(l -> l.startsWith("kill-sweep: ")).count();
        long allowed = 2 + (long) Math.ceil(p.seconds() / Progress.LINE_INTERVAL_SECONDS);
        assertTrue(lines >= 2 && lines <= allowed, lines + " progress lines in " + p.seconds() + " s:\n" + err);
    }
}
