package dev.curvature.lab.experiments.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.lab.testing.Experiments;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spectral experiments end to end on small specs: the runs, the analyses and their files. */
class SpectralExperimentsTest {

    private static final String BRAUN = """
            name: braun-small
            seed: 3
            repeats: 5
            problem: {name: spiked_phase_retrieval, d: 8, m: 8, kappa: 0.0, covariance: spiked, init_scale: 1.0e-3}
            optimizers:
              gd: {name: gd, lr: 2.0}
              spec_gd: {name: spec_gd, lr: 0.01, method: svd}
            zip:
              problem.kappa: [0.0, 100.0, 1000.0]
              optimizers.gd.lr: [%s]
            stop: {max_steps: 12000}
            run: {record_every: 100}
            monitors:
              - {name: spiked_phase_metrics, every: 4}
            analysis: braun-spiked-phase-retrieval
            """;

    @Test
    void braunAnalysisPassesAndWritesItsTables(@TempDir Path dir) throws Exception {
        // GD step m/(4(1 + κ)), as in the built-in spec.
        ExperimentSpec spec = ExperimentSpec.parse(BRAUN.formatted("2.0, 0.0198019802, 0.001998002"), "test");
        Lab.Result r = Experiments.run(spec, dir);
        assertTrue(r.analysis().passed(), r.analysis().checks().toString());
        assertEquals(7, r.analysis().checks().size());
        assertTrue(Files.isRegularFile(dir.resolve("braun-summary.csv")));
        List<String> rows = Files.readAllLines(dir.resolve("braun-runs.csv"));
        assertEquals(1 + 6 * 5, rows.size());
    }

    @Test
    void braunAnalysisFailsWhenGdIsTooSlowToEscape(@TempDir Path dir) throws Exception {
        // A GD step 100× too small at κ = 1000: that run never escapes, and the check says so.
        ExperimentSpec spec = ExperimentSpec.parse(BRAUN.formatted("2.0, 0.0198019802, 0.00001998002")
                .replace("max_steps: 12000", "max_steps: 3000"), "test");
        Lab.Result r = Experiments.execute(spec, dir);
        AnalysisResult a = r.analysis();
        assertFalse(a.passed());
        assertFalse(a.checks().get(0).passed(), a.checks().get(0).toString());
    }

    @Test
    void polarNumericsAnalysisPassesAndWritesItsTables(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: polar-small
                problem: {name: polar_probe, rows: 64, cols: 64, spectrum: gaussian, condition: 100.0, dtype: f32}
                optimizers:
                  probe: {name: gd, lr: 1.0}
                grid:
                  problem.spectrum: [gaussian, ill_conditioned]
                zip:
                  problem.rows: [64, 256]
                  problem.cols: [96, 256]
                stop: {max_steps: 0}
                monitors:
                  - {name: polar_error, method: "svd,qdwh,ns5,muon_plus,polar_express,turbo_muon,turbo_muon_ga,root"}
                analysis: polar-numerics
                """, "test");
        Lab.Result r = Experiments.run(spec, dir);
        assertTrue(r.analysis().passed(), r.analysis().checks().toString());
        List<String> errors = Files.readAllLines(dir.resolve("polar-errors.csv"));
        assertEquals(1 + 4 * 8, errors.size(), "4 matrices × 8 engines");
        List<String> maps = Files.readAllLines(dir.resolve("scalar-maps.csv"));
        assertEquals(1 + 6 * 2, maps.size());
        assertTrue(maps.get(1).startsWith("ns5,0.001,1.0,"), maps.get(1));
        assertEquals(1 + 5, Files.readAllLines(dir.resolve("polar-express-equioscillation.csv")).size());
    }

    /** The built-in spectral reproductions parse, plan and name registered analyses, full and quick. */
    @Test
    void builtinSpectralSpecsPlan() {
        for (String name : List.of("braun-spiked-phase-retrieval", "polar-numerics")) {
            ExperimentSpec full = BuiltinExperiments.get(name);
            assertTrue(Runner.plan(full).size() >= Runner.plan(full.quick()).size(), name);
            assertTrue(BuiltinExperiments.analysis(full.root().get("analysis").asString()).isPresent(), name);
        }
        assertEquals(4 * 2 * 5, Runner.plan(BuiltinExperiments.get("braun-spiked-phase-retrieval")).size());
        assertEquals(4 * 2 * 5, Runner.plan(BuiltinExperiments.get("braun-spiked-phase-retrieval").quick()).size());
        assertEquals(2 * 5, Runner.plan(BuiltinExperiments.get("polar-numerics")).size());
        assertEquals(2 * 2, Runner.plan(BuiltinExperiments.get("polar-numerics").quick()).size());
    }
}
