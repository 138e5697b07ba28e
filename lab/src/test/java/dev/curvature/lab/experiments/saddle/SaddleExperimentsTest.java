package dev.curvature.lab.experiments.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.lab.runner.Progress;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saddle experiments end to end on small specs: events reach the store, the analyses run. */
class SaddleExperimentsTest {

    @Test
    void pgdEscapeEventsAreStoredAndTheAnalysisPasses(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: jin-small
                seed: 1
                repeats: 5
                problem: {name: strict_saddle, d: 10, lambda_neg: -0.5, lambda_pos_min: 0.5, lambda_pos_max: 1.0}
                optimizers:
                  pgd: {name: pgd, ell: 1.5, rho: 5.0, eps: 1.0e-2}
                grid:
                  problem.d: [10, 100]
                stop: {max_steps: 20000}
                monitors:
                  - {name: sosp_certificate, eps: 1.0e-2, rho: 5.0, every: 1000000}
                analysis: jin-escape
                """, "test");
        Lab.Result r = Lab.execute(spec, dir, new Runner.Options(2, false, Progress.silent()));
        assertEquals(0, r.outcome().failed(), r.outcome().failures().toString());
        assertTrue(r.analysis().passed(), r.analysis().checks().toString());
        assertTrue(Files.isRegularFile(dir.resolve("jin-escape.csv")));
        try (ResultStore store = ResultStore.openReadOnly(dir)) {
            List<Map<String, Object>> kinds = store.query("SELECT kind, count(*) AS n FROM events GROUP BY kind "
                    + "ORDER BY kind");
            assertEquals("escape", kinds.get(0).get("kind"));
            assertEquals(20L, ((Number) kinds.get(0).get("n")).longValue(), "two windows per run, ten runs");
            assertEquals("perturbation", kinds.get(1).get("kind"));
            assertEquals("pgd_constants", kinds.get(2).get("kind"));
            var events = store.events("jin-small/0");
            assertTrue(events.stream().anyMatch(e -> e.step() == 0 && e.kind().equals("pgd_constants")));
            assertTrue(events.stream().anyMatch(e -> e.kind().equals("escape")
                    && e.payloadJson().contains("\"escaped\":1.0") && e.payloadJson().contains("\"perturbed_at\":0.0")),
                    events.toString());
        }
    }

    /** The built-in reproductions parse, plan and name registered analyses, full and quick. */
    @Test
    void builtinSaddleSpecsPlan() {
        for (String name : List.of("bodard-fig2-factorization", "bodard-fig3-octopus", "jin-escape-dimension")) {
            ExperimentSpec full = BuiltinExperiments.get(name);
            assertTrue(Runner.plan(full).size() >= Runner.plan(full.quick()).size(), name);
            assertTrue(dev.curvature.lab.report.Analyses.contains(full.root().get("analysis").asString()), name);
        }
        assertEquals(250, Runner.plan(BuiltinExperiments.get("bodard-fig2-factorization")).size());
        assertEquals(9 * 5 * 3 * 5, Runner.plan(BuiltinExperiments.get("bodard-fig3-octopus")).size());
    }
}
