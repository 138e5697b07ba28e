package dev.curvature.lab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a results folder is: an empty folder or one whose database Curvature created (marked by
 * its {@code curvature_store} table). Any other folder or database is refused with exit 2 and left
 * as it was; a database deleted or replaced during a sweep fails the sweep with exit 1.
 */
class ResultsFolderIdentityTest {
    static final String SPEC = """
            name: identity
            seed: 5
            repeats: 2
            problem: {name: quadratic, n: 40, mu: 0.05, L: 5.0, seed: 1}
            optimizers:
              gd: {name: gd, lr: 0.1}
              adam: {name: adam, lr: 0.01}
            stop: {max_steps: 400}
            run: {record_every: 10, checkpoint_every: 50}
            """;

    /** A sweep long enough to delete its database in the middle. */
    static final String LONG_SPEC = SPEC.replace("name: identity", "name: long").replace("repeats: 2", "repeats: 4")
            .replace("max_steps: 400", "max_steps: 40000");

    @TempDir
    static Path shared;
    static Path spec;
    static Path longSpec;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeSpecs() throws Exception {
        spec = Files.writeString(shared.resolve("identity.yaml"), SPEC);
        longSpec = Files.writeString(shared.resolve("long.yaml"), LONG_SPEC);
    }

    // ------------------------------------------------------------------ --out

    @Test
    void outIntoAFolderWithOtherFilesIsRefusedAndLeftAsItWas() throws Exception {
        Path out = tmp.resolve("mine");
        Files.createDirectories(out.resolve("plots"));
        Files.writeString(out.resolve("plots/figure.svg"), "<svg/>");
        Files.writeString(out.resolve("report.html"), "my report");
        Files.writeString(out.resolve("notes.txt"), "notes");
        Cli r = run("--out", out.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("curvature: error: cannot use " + out + " as the results folder: it is not empty "
                + "(notes.txt, plots, report.html) and holds no results.duckdb; Curvature writes only into an empty "
                + "folder or a results folder it created. Choose another --out folder"), r::toString);
        assertEquals("my report", Files.readString(out.resolve("report.html")));
        assertEquals("<svg/>", Files.readString(out.resolve("plots/figure.svg")));
        assertEquals(List.of("notes.txt", "plots", "report.html"), list(out));
    }

    @Test
    void outIntoAnEmptyFolderRuns() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("empty"));
        Cli r = run("--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isRegularFile(out.resolve(ResultStore.FILE)));
    }

    @Test
    void anEmptyOutIsRefused() {
        Cli r = run("--out", "");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--out is empty; name the results folder (for example --out results/my-sweep), "
                + "or leave --out out for the default"), r::toString);
        Cli reproduce = Cli.run("reproduce", "baselines-rosenbrock", "--quick", "--out", " ");
        assertEquals(2, reproduce.exitCode(), reproduce::toString);
        assertTrue(reproduce.err().contains("--out is empty"), reproduce::toString);
    }

    // ------------------------------------------------------------------ databases Curvature did not create

    @Test
    void reportOnAnUnrelatedDuckDbIsRefusedWithoutWritingIt() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("foreign"));
        Path db = out.resolve(ResultStore.FILE);
        sql(db, "CREATE TABLE sales(item VARCHAR, amount DOUBLE)", "INSERT INTO sales VALUES ('tea', 2.5)");
        String before = sha256(db);
        Cli report = Cli.run("report", out.toString());
        assertEquals(2, report.exitCode(), report::toString);
        assertTrue(report.err().contains("curvature: error: " + db + " is not a Curvature result database (it has no "
                + "curvature_store table and its tables are sales); Curvature writes only to databases it created. "
                + "Choose another --out folder, or move the file aside"), report::toString);
        Cli resume = run("--out", out.toString(), "--resume");
        assertEquals(2, resume.exitCode(), resume::toString);
        assertTrue(resume.err().contains(db + " is not a Curvature result database"), resume::toString);
        assertEquals(before, sha256(db), "the foreign database was written");
        assertEquals(List.of(ResultStore.FILE), list(out));
    }

    @Test
    void aResultsDatabaseMissingItsMetricsTableIsRefused() throws Exception {
        Path out = tmp.resolve("damaged");
        assertEquals(0, run("--out", out.toString()).exitCode());
        Path db = out.resolve(ResultStore.FILE);
        sql(db, "DROP TABLE metrics");
        String message = "curvature: error: the result database " + db + " is incomplete: it lacks the table(s) "
                + "metrics, so its results cannot be trusted or continued. Move it aside and run the experiment "
                + "again into an empty --out folder";
        Cli report = Cli.run("report", out.toString());
        assertEquals(2, report.exitCode(), report::toString);
        assertTrue(report.err().contains(message), report::toString);
        Cli resume = run("--out", out.toString(), "--resume");
        assertEquals(2, resume.exitCode(), resume::toString);
        assertTrue(resume.err().contains(message), resume::toString);
        assertEquals(List.of(), sqlList(db, "SELECT table_name FROM information_schema.tables "
                + "WHERE table_name = 'metrics'"), "metrics was created again");
    }

    @Test
    void aResultsFolderOfAnEarlierVersionIsAcceptedAndMarked() throws Exception {
        Path out = tmp.resolve("earlier");
        assertEquals(0, run("--out", out.toString()).exitCode());
        Path db = out.resolve(ResultStore.FILE);
        sql(db, "DROP TABLE curvature_store");
        Cli report = Cli.run("report", out.toString());
        assertEquals(0, report.exitCode(), report::toString);
        assertEquals(List.of("curvature-results 1"), sqlList(db, "SELECT format || ' ' || version FROM curvature_store"));
        Cli resume = run("--out", out.toString(), "--resume");
        assertEquals(0, resume.exitCode(), resume::toString);
        assertTrue(resume.out().contains("4 already stored"), resume::toString);
    }

    // ------------------------------------------------------------------ the database disappears during a sweep

    @Test
    void deletingTheDatabaseDuringTheSweepFailsIt() throws Exception {
        Path out = tmp.resolve("deleted");
        Path db = out.resolve(ResultStore.FILE);
        Cli r = runWhileTheFirstCheckpointAppears(out, () -> {
            Files.delete(db);
            Files.deleteIfExists(out.resolve(ResultStore.FILE + ".wal"));
        });
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("curvature: error: the result database " + db + " was deleted while the sweep was "
                + "running, so the rows of this sweep cannot be stored. Restore the database and continue with "
                + "--resume, or run the experiment again into an empty --out folder"), r::toString);
        assertTrue(!r.out().contains("done"), r::toString);
    }

    @Test
    void replacingTheDatabaseDuringTheSweepFailsIt() throws Exception {
        Path out = tmp.resolve("replaced");
        Path db = out.resolve(ResultStore.FILE);
        Cli r = runWhileTheFirstCheckpointAppears(out, () -> {
            Path copy = tmp.resolve("copy.duckdb");
            Files.copy(db, copy);
            Files.move(copy, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        });
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("curvature: error: the result database " + db + " was replaced by another file "
                + "while the sweep was running"), r::toString);
    }

    // ------------------------------------------------------------------ helpers

    interface Action {
        void run() throws Exception;
    }

    /** Runs the long spec into {@code out} and does {@code fault} once its first checkpoint is written. */
    private static Cli runWhileTheFirstCheckpointAppears(Path out, Action fault) throws Exception {
        Cli[] result = new Cli[1];
        Thread sweep = new Thread(() -> result[0] = Cli.run("run", longSpec.toString(), "--no-progress", "--out",
                out.toString(), "--workers", "1"));
        sweep.start();
        Path checkpoints = out.resolve("checkpoints");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (list(checkpoints).stream().noneMatch(n -> n.endsWith(".ckpt"))) {
            assertTrue(sweep.isAlive() && System.nanoTime() < deadline, "no checkpoint before the sweep ended");
            Thread.sleep(2);
        }
        fault.run();
        sweep.join();
        return result[0];
    }

    private static Cli run(String... args) {
        return Cli.run(Stream.concat(Stream.of("run", spec.toString(), "--no-progress"), Stream.of(args))
                .toArray(String[]::new));
    }

    private static void sql(Path db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private static List<String> sqlList(Path db, String query) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
