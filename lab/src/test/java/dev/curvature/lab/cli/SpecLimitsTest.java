package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.Limit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs that ask for more than a {@link dev.curvature.core.Limit} allows are refused with exit 2,
 * the limit's name and how to raise it, before the results folder is created.
 */
class SpecLimitsTest {
    private static final String BASE = "name: big\nproblem: {name: rosenbrock, n: 4}\noptimizers:\n"
            + "  gd: {name: gd, lr: 0.001}\nstop: {max_steps: 2}\n";

    /** {@code --limit} sets a limit for the whole process. */
    @AfterEach
    void resetLimits() {
        for (Limit l : Limit.values()) {
            l.reset();
        }
    }

    private static Cli run(Path spec, Path out, String... more) {
        String[] args = {"run", spec.toString(), "--out", out.toString(), "--workers", "1", "--no-progress"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Cli.run(all);
    }

    private static void assertRefused(Cli r, String message, Path out) {
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains(message), "expected\n  " + message + "\n" + r.transcript());
        assertFalse(r.err().contains("Exception") || r.err().contains("Error:"), r.err());
        assertFalse(Files.exists(out), "no results folder may be created: " + out);
    }

    private static String axis(int n) {
        return "[" + String.join(", ", Collections.nCopies(n, "1")) + "]";
    }

    @Test
    void gridOfTenMillionRunsIsRefusedBeforeExpanding(@TempDir Path tmp) throws IOException {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), BASE + "grid:\n  problem.a: " + axis(100)
                + "\n  problem.noise: " + axis(1000) + "\n  optimizers.gd.lr: " + axis(100) + "\n");
        Path out = tmp.resolve("out");
        long start = System.nanoTime();
        assertRefused(run(spec, out), "curvature: limit: experiment 'big' (10000000 grid points × 1 optimizer × 1 "
                + "repeat) needs 10000000 runs in one experiment, above the limit of 100000 (limit 'runs'; raise it "
                + "with --limit runs=N", out);
        assertTrue(System.nanoTime() - start < 20e9, "refused at once");
    }

    @Test
    void repeatsTimesGridAboveTheRunLimitIsRefused(@TempDir Path tmp) throws IOException {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), BASE + "repeats: 10000\ngrid:\n  problem.a: " + axis(11)
                + "\n");
        Path out = tmp.resolve("out");
        assertRefused(run(spec, out), "curvature: limit: experiment 'big' (11 grid points × 1 optimizer × 10000 "
                + "repeats) needs 110000 runs in one experiment, above the limit of 100000 (limit 'runs'", out);
    }

    @Test
    void runLimitIsRaisedWithTheLimitOption(@TempDir Path tmp) throws IOException {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), BASE + "grid:\n  problem.a: " + axis(3) + "\n");
        Path out = tmp.resolve("out");
        assertRefused(run(spec, out, "--limit", "runs=2"), "needs 3 runs in one experiment, above the limit of 2 "
                + "(limit 'runs'", out);
    }

    @Test
    void endlessSpecFileIsRefusedAfterTheByteLimit(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        assertRefused(run(Path.of("/dev/zero"), out), "curvature: limit: spec file /dev/zero needs more than 4194304 "
                + "bytes in an experiment spec, above the limit of 4194304 (limit 'spec_bytes'; raise it with --limit "
                + "spec_bytes=N", out);
    }

    @Test
    void specFileAboveTheByteLimitIsRefused(@TempDir Path tmp) throws IOException {
        Path spec = tmp.resolve("s.yaml");
        Files.writeString(spec, BASE + "description: '" + "x".repeat(2000) + "'\n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");
        assertRefused(run(spec, out, "--limit", "spec_bytes=1000"), "curvature: limit: spec file " + spec
                + " needs more than 1000 bytes in an experiment spec, above the limit of 1000 (limit 'spec_bytes'",
                out);
    }

    @Test
    void problemLargerThanTheElementLimitIsRefusedBeforeItIsBuilt(@TempDir Path tmp) throws IOException {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), BASE.replace("n: 4", "n: 2000000000"));
        Path out = tmp.resolve("out");
        assertRefused(run(spec, out), "curvature: spec error: " + spec + ":2:10: problem: rosenbrock (n = 2000000000) "
                + "needs 2000000000 elements in one array, above the limit of 268435456 (limit 'elements'", out);
    }

    @Test
    void dimensionAboveTheIntRangeIsRefusedWithItsRangeWhenTheElementLimitIsRaised(@TempDir Path tmp)
            throws IOException {
        Path spec = Files.writeString(tmp.resolve("s.yaml"), BASE.replace("n: 4", "n: 4294967300"));
        Path out = tmp.resolve("out");
        assertRefused(run(spec, out, "--limit", "elements=1e12"), "curvature: spec error: " + spec
                + ":2:32: problem.n: rosenbrock: n = 4294967300 is outside [2, 2147483647]", out);
    }
}
