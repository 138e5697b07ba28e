package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An optimizer's own grid and zip vary that optimizer's runs only: run counts against the formula
 * of docs/spec.md worked by hand, the values each run carries, errors pointing into the own grid,
 * and the plan-time warning about runs that repeat another run exactly.
 */
class OptimizerGridTest {

    private static ExperimentSpec spec(String yaml) {
        return ExperimentSpec.parse(yaml, "s.yaml");
    }

    @Test
    void theWorkedExampleOfTheSpecDocumentPlansTheRunsItCounts() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "spec.md"));
        int marker = doc.indexOf("<!-- run-count-example -->");
        assertTrue(marker >= 0, "docs/spec.md has the worked example");
        int start = doc.indexOf("```yaml\n", marker) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));
        ExperimentSpec spec = spec(yaml);
        long expected = 2 * (3 + 4 + 2 + 1) * 5; // top-level points × Σ own points × repeats, by hand
        assertEquals(expected, spec.runCount());
        assertEquals(expected, Runner.plan(spec).size());
        assertTrue(doc.contains("runs = 2 × (3 + 4 + 2 + 1) × 5 = **" + expected + "**"), "the text states the count");
    }

    @Test
    void anOptimizersOwnGridVariesOnlyItsRunsAndItsValuesAreTheRunsGridValues() {
        List<RunPlan> plans = Runner.plan(spec("""
                name: own
                repeats: 2
                problem: {name: rosenbrock, n: 2}
                optimizers:
                  gd: {name: gd, grid: {lr: [1.0e-4, 1.0e-3]}}
                  sgd: {name: sgd, lr: 1.0e-3, zip: {lr: [0.01, 0.02, 0.03], momentum: [0.9, 0.5, 0.0]}}
                  adam: {name: adam, lr: 1.0e-2}
                grid: {problem.n: [2, 3]}
                stop: {max_steps: 3}
                """));
        assertEquals(2 * (2 + 3 + 1) * 2, plans.size());
        // Nesting: top-level point, optimizer, own point, repeat.
        RunPlan first = plans.get(0);
        assertEquals("gd", first.optimizer());
        assertEquals(Map.of("problem.n", "2", "optimizers.gd.lr", "1.0e-4"), first.grid());
        assertEquals(Map.of("problem.n", "2", "optimizers.gd.lr", "1.0e-3"), plans.get(2).grid());
        RunPlan sgd = plans.get(4 + 2 * 2); // third sgd row, repeat 0
        assertEquals("sgd", sgd.optimizer());
        assertEquals(Map.of("problem.n", "2", "optimizers.sgd.lr", "0.03", "optimizers.sgd.momentum", "0.0"), sgd.grid());
        assertEquals("0.03", sgd.doc().get("optimizers").get("sgd").get("lr").render());
        assertTrue(!sgd.doc().get("optimizers").get("gd").has("grid"), "no optimizer entry keeps its own grid");
        assertEquals(Map.of("problem.n", "2"), plans.get(10).grid());
        assertEquals("adam", plans.get(10).optimizer());
        assertEquals(Map.of("problem.n", "3", "optimizers.gd.lr", "1.0e-4"), plans.get(12).grid());
        assertEquals(Optional.empty(), DuplicateRuns.warning(plans));
    }

    @Test
    void aBadValueInAnOwnGridIsReportedWhereItIsWritten() {
        SpecException e = assertThrows(SpecException.class, () -> Runner.plan(spec("""
                name: bad
                problem: {name: rosenbrock, n: 2}
                optimizers:
                  adam:
                    name: adam
                    grid: {b1: [0.9, 1.5]}
                stop: {max_steps: 3}
                """)));
        assertTrue(e.getMessage().startsWith("s.yaml:6:22: optimizers.adam.b1: "), e.getMessage());
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void aPathVariedByTheTopLevelGridAndAnOwnGridIsRefusedAtTheOwnGrid() {
        SpecException e = assertThrows(SpecException.class, () -> spec("""
                name: both
                problem: {name: rosenbrock, n: 2}
                optimizers:
                  gd: {name: gd, grid: {lr: [0.1, 0.2]}}
                grid: {optimizers.gd.lr: [0.3]}
                stop: {max_steps: 3}
                """));
        assertTrue(e.getMessage().startsWith("s.yaml:4:25: "), e.getMessage());
        assertTrue(e.getMessage().contains("'optimizers.gd.lr' is varied by gd's grid and by grid (at 5:8)"),
                e.getMessage());
    }

    @Test
    void aTopLevelGridIntoOneOptimizerWarnsAboutTheRunsOfTheOthersThatRepeat() {
        List<RunPlan> plans = Runner.plan(spec("""
                name: crossed
                repeats: 2
                problem: {name: rosenbrock, n: 2}
                optimizers:
                  gd: {name: gd, lr: 1.0e-3}
                  adam: {name: adam, lr: 1.0e-2}
                  sgd: {name: sgd, lr: 1.0e-3}
                grid:
                  optimizers.gd.lr: [1.0e-4, 1.0e-3, 1.0e-2]
                stop: {max_steps: 3}
                """));
        // 3 values × 3 optimizers × 2 repeats = 18 runs; adam and sgd each have 1 distinct setting × 2 seeds,
        // so 2 × (3 − 1) × 2 = 8 of them repeat an earlier run.
        assertEquals(18, plans.size());
        String warning = DuplicateRuns.warning(plans).orElseThrow();
        assertTrue(warning.startsWith("warning: 8 of the 18 planned runs repeat another run exactly"), warning);
        assertTrue(warning.contains("move optimizers.gd.lr into gd's own grid"), warning);
    }

    @Test
    void repeatsOfOneSettingWithDifferentSeedsAreNotDuplicates() {
        List<RunPlan> plans = Runner.plan(spec("""
                name: seeds
                repeats: 4
                problem: {name: rosenbrock, n: 2}
                optimizers:
                  gd: {name: gd, lr: 1.0e-3}
                stop: {max_steps: 3}
                """));
        assertEquals(Optional.empty(), DuplicateRuns.warning(plans));
    }
}
