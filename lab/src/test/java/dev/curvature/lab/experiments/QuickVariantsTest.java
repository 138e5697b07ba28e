package dev.curvature.lab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.report.AnalysisResult.Evidence;
import dev.curvature.lab.report.AnalysisResult.Margin;
import dev.curvature.lab.spec.ExperimentSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The quick variants of the built-in reproductions are fit to decide their claims, and say what
 * they run. A claim decided over seeds needs at least {@link Evidence#MIN_SEEDS}: the analysis
 * fails such a check by itself at run time (tested here on a synthetic result), and this test
 * fails at build time when a quick variant with seed-decided claims has fewer repeats.
 */
class QuickVariantsTest {
    /**
     * The built-in experiments none of whose checks is decided over seeds: GD on a 1-D function
     * from fixed starts (warmup-extremal), deterministic engines on fixed matrices
     * (polar-numerics), no analysis (baselines-rosenbrock).
     */
    private static final Set<String> NO_SEED_DECIDED_CLAIMS =
            Set.of("warmup-extremal", "polar-numerics", "baselines-rosenbrock");

    @Test
    void aStatisticalCheckOnTooFewSeedsFailsWhateverItsStatistic() {
        AnalysisResult r = new AnalysisResult();
        r.check("A beats B", Margin.atLeast(3, 3), Evidence.seeds(3, "sign count"), "3 of 3 seeds");
        assertFalse(r.checks().get(0).passed());
        assertTrue(r.checks().get(0).detail().contains("fewer than the minimum 5"), r.checks().get(0).detail());
        assertFalse(r.passed());

        AnalysisResult ok = new AnalysisResult();
        ok.check("A beats B", Margin.atLeast(5, 5), Evidence.seeds(5, "sign count"), "5 of 5 seeds");
        ok.check("a chaotic run shown", Margin.below(2, 1), Evidence.illustration("edge of stability"), "one seed");
        ok.check("fixed computation", Margin.atMost(1e-12, 1e-9), Evidence.deterministic("no seed"), "");
        assertTrue(ok.checks().get(0).passed());
        assertFalse(ok.checks().get(1).passed(), "an illustration shows its outcome");
        assertTrue(ok.passed(), "but does not decide the reproduction");
    }

    @Test
    void quickVariantsWithSeedDecidedClaimsRunEnoughSeeds() {
        for (String name : BuiltinExperiments.names()) {
            ExperimentSpec quick = BuiltinExperiments.get(name).quick();
            if (NO_SEED_DECIDED_CLAIMS.contains(name) || quick.root().find("analysis").isEmpty()) {
                continue;
            }
            assertTrue(seeds(quick) >= Evidence.MIN_SEEDS, name + ": the quick variant runs " + seeds(quick)
                    + " seeds, fewer than the " + Evidence.MIN_SEEDS + " its claims need (or mark the checks as "
                    + "illustrations and list the experiment above)");
        }
    }

    /**
     * The independent seeds of a spec: its repeats, times the values of a {@code problem.seed} grid
     * axis where seeds are problem instances (each paired across the optimizers).
     */
    static int seeds(ExperimentSpec s) {
        int instances = s.root().find("grid").flatMap(g -> g.find("problem.seed")).map(n -> n.items().size())
                .orElse(1);
        return s.repeats() * instances;
    }

    private static final Map<String, Integer> NUMBER_WORDS = Map.of("one", 1, "two", 2, "three", 3, "four", 4,
            "five", 5, "six", 6, "seven", 7, "eight", 8, "nine", 9, "ten", 10);
    private static final Pattern SEEDS = Pattern.compile("(\\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
            + "(?: paired)? seeds\\b", Pattern.CASE_INSENSITIVE);

    @Test
    void quickVariantsDescribeThemselves() {
        for (String name : BuiltinExperiments.names()) {
            ExperimentSpec full = BuiltinExperiments.get(name);
            ExperimentSpec quick = full.quick();
            if (quick == full) {
                continue;
            }
            assertNotEquals(full.description(), quick.description(), name + ": the quick variant runs other "
                    + "settings than the full one, so it needs its own description");
            for (ExperimentSpec s : List.of(full, quick)) {
                Matcher m = SEEDS.matcher(s.description());
                while (m.find()) {
                    String n = m.group(1).toLowerCase(java.util.Locale.ROOT);
                    int said = NUMBER_WORDS.containsKey(n) ? NUMBER_WORDS.get(n) : Integer.parseInt(n);
                    assertEquals(seeds(s), said, name + (s == quick ? " (quick)" : "") + ": the description says "
                            + m.group() + " but the spec runs " + seeds(s));
                }
            }
            String q = quick.description().toLowerCase(java.util.Locale.ROOT);
            String yaml = quick.root().render().toLowerCase(java.util.Locale.ROOT);
            for (String dataset : List.of("mnist", "fashion-mnist")) {
                if (q.contains(dataset) && !q.contains("digits")) {
                    assertTrue(yaml.contains("dataset: " + dataset), name + ": the quick description names " + dataset
                            + ", which the quick variant does not use");
                }
            }
        }
    }
}
