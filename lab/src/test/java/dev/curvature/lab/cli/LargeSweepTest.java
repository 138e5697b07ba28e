package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep over many grid points stays proportionate: the report draws curves for a bounded number
 * of points (it once wrote six files per point, 3.5 GB for 5,000 points), and each run's stored
 * configuration leaves the grid out (it once repeated the whole grid in every run's row, quadratic
 * in the grid's size, and ran out of memory at 100,000 points).
 */
class LargeSweepTest {
    @Test
    void aSweepOfManyGridPointsDrawsCurvesForABoundedNumberAndStoresNoGridPerRun(@TempDir Path tmp) throws Exception {
        int points = 60;
        String lrs = IntStream.range(0, points).mapToObj(i -> String.format("%.6f", 1e-3 * (1 + i / 100.0)))
                .collect(Collectors.joining(", "));
        Path spec = tmp.resolve("wide.yaml");
        Files.writeString(spec, "name: wide\nproblem: {name: rosenbrock, n: 2}\n"
                + "optimizers:\n  gd: {name: gd, lr: 1.0e-3}\nstop: {max_steps: 2}\n"
                + "report: {metrics: [loss]}\ngrid:\n  optimizers.gd.lr: [" + lrs + "]\n");
        Path out = tmp.resolve("out");
        Cli r = Cli.run("run", spec.toString(), "--out", out.toString(), "--workers", "2", "--no-progress");
        assertEquals(0, r.code(), r.transcript());

        long pngs;
        try (var files = Files.list(out.resolve("plots"))) {
            pngs = files.filter(p -> p.getFileName().toString().matches("\\d+-loss\\.png")).count();
        }
        assertEquals(50, pngs, "one loss figure for each of the first 50 of 60 grid points");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Drawn for the first 50 of the 60 grid points"), "the page says what it left out");

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out.resolve("results.duckdb"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), max(length(config_json)), "
                     + "bool_or(config_json LIKE '%grid:%') FROM runs")) {
            rs.next();
            assertEquals(points, rs.getLong(1));
            assertTrue(rs.getLong(2) < 400, "a run's configuration is short, got " + rs.getLong(2) + " characters");
            assertFalse(rs.getBoolean(3), "no run's configuration repeats the grid");
        }
    }
}
