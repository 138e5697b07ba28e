package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.schema.SpecSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes of the command line: 0 success, 2 usage or spec error (nothing written), 1 run failure. */
class CliExitCodeTest {
    static final Path VALID = Path.of("src", "test", "resources", "specs", "valid");

    @Test
    void validSpecRunsAndExitsWithZero(@TempDir Path tmp) {
        Path out = tmp.resolve("small");
        Cli r = Cli.run("run", VALID.resolve("small.yaml").toString(), "--out", out.toString(), "--workers", "2",
                "--no-progress");
        assertEquals(0, r.code(), r.transcript());
        assertTrue(r.out().contains("small: 4 runs (4 done, 0 diverged, 0 failed"), r.transcript());
        assertTrue(Files.isRegularFile(out.resolve("results.duckdb")), r.transcript());
        assertTrue(Files.isRegularFile(out.resolve("report.html")), r.transcript());
    }

    @Test
    void specWithEverySectionRunsAndExitsWithZero(@TempDir Path tmp) {
        Path out = tmp.resolve("every");
        Cli r = Cli.run("run", VALID.resolve("every-section.yaml").toString(), "--out", out.toString(),
                "--workers", "2", "--no-progress");
        assertEquals(0, r.code(), r.transcript());
        // 2 grid points x 2 zip rows x 4 optimizers x 1 repeat
        assertTrue(r.out().contains("every-section: 16 runs (16 done"), r.transcript());
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Cli r = Cli.run("frobnicate");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("frobnicate"), r.transcript());
    }

    @Test
    void missingSpecArgumentIsAUsageError() {
        Cli r = Cli.run("run");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("Missing required parameter: 'SPEC.yaml'"), r.transcript());
    }

    @Test
    void nonexistentSpecFileIsAUsageError(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Cli r = Cli.run("run", tmp.resolve("no-such-spec.yaml").toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("spec file not found: " + tmp.resolve("no-such-spec.yaml")), r.transcript());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFolderAsSpecIsAUsageError(@TempDir Path tmp) {
        Cli r = Cli.run("run", tmp.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("cannot read spec file " + tmp + ": it is a folder"), r.transcript());
    }

    @Test
    void zeroWorkersIsAUsageErrorAndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Cli r = Cli.run("run", VALID.resolve("small.yaml").toString(), "--out", out.toString(), "--workers", "0");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("--workers must be at least 1, got 0"), r.transcript());
        assertFalse(Files.exists(out));
    }

    @Test
    void reproduceOfAnUnknownExperimentIsAUsageError(@TempDir Path tmp) {
        Cli r = Cli.run("reproduce", "no-such-experiment", "--quick", "--out", tmp.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("unknown experiment 'no-such-experiment' (built-in: baselines-rosenbrock"),
                r.transcript());
        assertTrue(isEmpty(tmp), "nothing written");
    }

    @Test
    void schemaCommandPrintsTheGeneratedSchema() {
        Cli r = Cli.run("schema");
        assertEquals(0, r.code(), r.transcript());
        assertEquals(SpecSchema.json(), r.out());
    }

    @Test
    void schemaCommandWritesAFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("docs").resolve("spec.schema.json");
        Cli r = Cli.run("schema", "--output", file.toString());
        assertEquals(0, r.code(), r.transcript());
        assertEquals(SpecSchema.json(), Files.readString(file));
    }

    @Test
    void schemaCommandHasHelpWithAnExample() {
        Cli r = Cli.run("schema", "--help");
        assertEquals(0, r.code(), r.transcript());
        assertTrue(r.out().contains("JSON Schema"), r.transcript());
        assertTrue(r.out().contains("curvature schema --output docs/curvature-spec.schema.json"), r.transcript());
        Cli top = Cli.run("--help");
        assertTrue(top.out().contains("schema"), top.transcript());
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
