package dev.curvature.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.experiments.Reproduction;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in experiments are found as units (spec beside analysis), in their fixed order. */
class BuiltinExperimentsTest {

    /** The order of {@code reproduce --all} and of the index page. */
    private static final List<String> ORDER = List.of("baselines-rosenbrock", "bodard-fig2-factorization",
            "bodard-fig3-octopus", "bodard-kernels", "bodard-algorithm1-theory", "bodard-smoothness",
            "jin-escape-dimension", "jin-matrix-factorization", "warmup-extremal", "warmup-smoothness",
            "warmup-schedules", "muon-hybrid", "braun-spiked-phase-retrieval", "braun-anisotropy", "polar-numerics");

    @Test
    void everyBuiltinExperimentIsFoundInOrder() {
        assertEquals(ORDER, BuiltinExperiments.names());
        assertEquals(ORDER, BuiltinExperiments.reproductions().stream().map(Reproduction::experiment).toList());
    }

    @Test
    void eachExperimentHasItsSpecBesideItsAnalysis() {
        List<String> analyses = new ArrayList<>();
        for (Reproduction r : BuiltinExperiments.reproductions()) {
            String name = r.experiment();
            assertNotNull(r.getClass().getResource(name + ".yaml"), name + ".yaml beside " + r.getClass().getName());
            ExperimentSpec spec = BuiltinExperiments.get(name);
            assertEquals(name, spec.name());
            SpecNode node = spec.root().find("analysis").orElse(null);
            if (node == null) {
                assertTrue(r.analysis().isEmpty(), name + " brings an analysis its spec does not name");
                continue;
            }
            String analysisName = (node.isMap() ? node.get("name") : node).asString();
            Analysis a = r.analysis().orElseThrow(() -> new AssertionError(name + " names an analysis it lacks"));
            assertEquals(analysisName, a.name(), name);
            assertSame(a, BuiltinExperiments.analysis(analysisName).orElseThrow(), name);
            assertEquals(r.getClass().getPackageName(), a.getClass().getPackageName(), name);
            analyses.add(analysisName);
        }
        assertEquals(analyses, BuiltinExperiments.analysisNames());
        assertEquals(14, analyses.size(), "every reproduction but the baselines has claims to check");
    }

    @Test
    void anUnknownExperimentIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BuiltinExperiments.get("no-such-experiment"));
        assertTrue(e.getMessage().contains("unknown experiment 'no-such-experiment' (built-in: baselines-rosenbrock, "),
                e.getMessage());
    }

    @Test
    void anUnknownAnalysisIsAnErrorAtItsLocation() {
        for (String analysis : List.of("bodard-fig", "{name: bodard-fig, first_phase: 0.1}")) {
            ExperimentSpec spec = ExperimentSpec.parse("""
                    name: bad
                    problem: {name: rosenbrock, n: 4}
                    optimizers:
                      adam: {name: adam, lr: 0.01}
                    stop: {max_steps: 20}
                    analysis: %s
                    """.formatted(analysis), "bad.yaml");
            SpecException e = assertThrows(SpecException.class, () -> Lab.check(spec));
            String at = analysis.startsWith("{") ? "bad.yaml:6:18: analysis.name: " : "bad.yaml:6:11: analysis: ";
            assertTrue(e.getMessage().startsWith(at + "unknown analysis 'bodard-fig'"), e.getMessage());
            assertTrue(e.getMessage().contains("(known analyses: bodard-fig2, "), e.getMessage());
        }
    }
}
