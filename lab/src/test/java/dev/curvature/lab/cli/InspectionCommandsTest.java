package dev.curvature.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.testing.Cli;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code list}, {@code info} and {@code demo}: every registered component with each of its
 * parameters and its reference, the documented info rows, and a demo whose printed numbers are
 * recomputed here (the Rosenbrock function, its gradient, the warm-up cosine and plain gradient
 * descent written out independently).
 */
class InspectionCommandsTest {
    private static final String INDENT = " ".repeat(29);

    @Test
    void listPrintsEveryComponentOfEachKindWithItsParametersAndReference() {
        Registries r = Registries.standard();
        Map<String, Registry<?>> kinds = Map.of("problems", r.problems(), "optimizers", r.optimizers(),
                "transforms", r.transforms(), "schedules", r.schedules(), "monitors", r.monitors());
        for (var kind : kinds.entrySet()) {
            Cli c = Cli.run("list", kind.getKey());
            assertEquals(0, c.exitCode(), c.toString());
            List<String> lines = c.out().lines().toList();
            int i = 0;
            for (Component<?> comp : kind.getValue().all()) {
                String head = lines.get(i++);
                assertEquals(String.format("%-26s %s", comp.name(), comp.summary()), head, kind.getKey());
                for (Param p : comp.params()) {
                    String line = lines.get(i++);
                    assertTrue(line.startsWith(INDENT + p.name() + (p.symbol().isEmpty() ? ": " : " (" + p.symbol()
                            + "): ")), comp.name() + ": " + line);
                    assertTrue(line.contains(p.required() ? ", required" : ", default " + p.defaultText()),
                            comp.name() + ": " + line);
                }
                if (kind.getKey().equals("problems")) {
                    assertTrue(lines.get(i++).startsWith(INDENT + "blocks: "), comp.name() + ": its blocks");
                }
                assertEquals(INDENT + comp.reference(), lines.get(i++), comp.name() + ": the reference");
            }
            if (kind.getKey().equals("problems")) {
                i += 3; // a blank line and the note on labels
            }
            assertEquals(lines.size(), i, kind.getKey() + ": nothing but the components");
        }
    }

    @Test
    void listProblemsShowsEachProblemsBlocksWithShapesAndLabels() {
        List<String> lines = Cli.run("list", "problems").out().lines().toList();
        assertEquals(INDENT + "blocks: x 2 (vector)", blocksOf(lines, "rosenbrock"));
        assertEquals(INDENT + "blocks: U 2×1 (matrix)", blocksOf(lines, "symmetric_factorization"));
        assertEquals(INDENT + "blocks: layer0.weight 128×64 (hidden), layer0.bias 128 (bias), head.weight 10×128 (head), "
                + "head.bias 10 (bias)", blocksOf(lines, "mlp"));
        String t = blocksOf(lines, "char_transformer").strip();
        assertTrue(t.startsWith("blocks: 29 blocks by label: embedding ×2 (e.g. wte ")
                && t.contains(", hidden ×8 (e.g. h0.attn.c_attn.weight 192×64), "), t);
    }

    /** The blocks line of a problem in {@code list problems}. */
    private static String blocksOf(List<String> lines, String problem) {
        int i = 0;
        while (!lines.get(i).startsWith(problem + " ")) {
            i++;
        }
        while (!lines.get(i).startsWith(INDENT + "blocks: ")) {
            i++;
        }
        return lines.get(i);
    }

    @Test
    void listDescribesAParameterAsItsJavadocShows() {
        Cli c = Cli.run("list", "optimizers");
        assertTrue(c.out().lines().anyMatch(l -> l.startsWith(INDENT + "b1 (β₁): number in [0, 1), default 0.9")),
                c.out());
        Cli m = Cli.run("list", "monitors");
        assertTrue(m.out().lines().anyMatch(l -> l.startsWith(INDENT + "top: integer in [0, 64], default 3")), m.out());
    }

    @Test
    void listExperimentsPrintsEachBuiltinWithItsDescriptionOnOneLine() {
        Cli c = Cli.run("list", "experiments");
        assertEquals(0, c.exitCode(), c.toString());
        List<String> lines = c.out().lines().toList();
        List<String> names = BuiltinExperiments.names();
        assertEquals(2 * names.size(), lines.size());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), lines.get(2 * i));
            assertEquals("    " + BuiltinExperiments.get(names.get(i)).description().strip().replaceAll("\\s+", " "),
                    lines.get(2 * i + 1));
        }
    }

    @Test
    void listOfAnUnknownKindIsAUsageErrorNamingTheKinds() {
        Cli c = Cli.run("list", "optimisers");
        assertEquals(2, c.exitCode(), c.toString());
        assertTrue(c.err().contains("problems, optimizers, transforms, schedules, monitors, experiments"), c.err());
        assertEquals("", c.out());
    }

    @Test
    void infoPrintsTheDocumentedRowsInOrder() {
        Cli c = Cli.run("info");
        assertEquals(0, c.exitCode(), c.toString());
        List<String> keys = List.of("version", "backend", "selected because", "native available", "threads", "jdk",
                "cpu vectors", "os", "max heap");
        List<String> lines = c.out().lines().toList();
        assertEquals(keys.size(), lines.size(), c.out());
        for (int i = 0; i < keys.size(); i++) {
            assertTrue(lines.get(i).startsWith(String.format("%-18s ", keys.get(i))), lines.get(i));
            assertTrue(lines.get(i).length() > 19, "a value for " + keys.get(i));
        }
        assertTrue(lines.get(3).endsWith(" yes") || lines.get(3).endsWith(" no"), lines.get(3));
        assertTrue(lines.get(4).contains("(cores: " + Runtime.getRuntime().availableProcessors() + ";"), lines.get(4));
        assertTrue(lines.get(5).contains(System.getProperty("java.runtime.version")), lines.get(5));
        assertTrue(lines.get(8).endsWith((Runtime.getRuntime().maxMemory() >> 20) + " MiB"), lines.get(8));
    }

    /** A table row of the demo: step, f, ‖∇f‖, lr. */
    private static final Pattern ROW = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$");

    /** Printed numbers are compared at twice the half-unit of their last printed digit. */
    @Test
    void demoPrintsTheTrajectoryAndComparisonThatAnIndependentComputationGives() {
        int n = 3;
        int steps = 40;
        Cli c = Cli.run("demo", "--dim", "" + n, "--steps", "" + steps, "--seed", "1");
        assertEquals(0, c.exitCode(), c.toString());
        List<String> lines = c.out().lines().toList();
        assertEquals("Rosenbrock n=3 (f* = 0 at x = 1), F64, 40 steps, seed 1", lines.get(0));
        assertTrue(lines.get(1).contains("lr warm-up 2 steps to 0.05 then cosine to 1e-4"), lines.get(1));

        List<long[]> stepsSeen = new ArrayList<>();
        int lrChecked = 0;
        int k = lines.indexOf(String.format("%8s  %14s  %12s  %10s", "step", "f(x)", "|grad f|", "lr")) + 1;
        assertTrue(k > 0, c.out());
        double[] x0 = {-1.2, 1.0, -1.2};
        for (; k < lines.size() && !lines.get(k).isBlank(); k++) {
            Matcher m = ROW.matcher(lines.get(k));
            assertTrue(m.matches(), lines.get(k));
            long step = Long.parseLong(m.group(1));
            stepsSeen.add(new long[] {step});
            if (step == 0) {
                assertEquals(rosenbrock(x0), Double.parseDouble(m.group(2)), 1e-6 * rosenbrock(x0), "f(x₀) = 508.2");
                double g = norm(gradient(x0));
                assertEquals(g, Double.parseDouble(m.group(3)), 1e-4 * g, "‖∇f(x₀)‖");
            }
            if (!m.group(4).equals("-")) {
                double lr = new Schedules.WarmupCosine(0.0, 0.05, 2, steps, 1e-4).value(step, null);
                double expected = step < 2 ? 0.05 * step / 2 : 1e-4 + (0.05 - 1e-4) * 0.5
                        * (1 + Math.cos(Math.PI * Math.min(1.0, (step - 2) / 38.0)));
                assertEquals(expected, lr, 1e-15, "the schedule object agrees with its formula");
                assertEquals(expected, Double.parseDouble(m.group(4)), 1e-3 * Math.max(expected, 1e-300),
                        "lr at step " + step);
                lrChecked++;
            }
        }
        assertEquals(0L, stepsSeen.get(0)[0]);
        assertEquals(steps, stepsSeen.get(stepsSeen.size() - 1)[0], "the last step is printed");
        assertTrue(stepsSeen.size() >= 11, "about ten rows: " + stepsSeen.size());
        assertTrue(lrChecked >= 10, "learning rates printed: " + lrChecked);

        int after = lines.indexOf("after 40 steps:");
        assertTrue(after > 0, c.out());
        String gd = lines.get(after + 2);
        assertTrue(gd.startsWith("gd (lr 1e-3)"), gd);
        double[] x = x0.clone();
        for (int t = 0; t < steps; t++) {
            double[] g = gradient(x);
            for (int i = 0; i < n; i++) {
                x[i] -= 1e-3 * g[i];
            }
        }
        String[] cells = gd.substring(20).trim().split("\\s+");
        assertEquals(rosenbrock(x), Double.parseDouble(cells[0]), 1e-6 * rosenbrock(x), "gd's loss after 40 steps");
        assertEquals(norm(gradient(x)), Double.parseDouble(cells[1]), 1e-4 * norm(gradient(x)));
        assertTrue(lines.get(after + 3).startsWith("adam (lr 0.01)"));
        assertTrue(lines.get(after + 4).startsWith("clip+adamw+cosine"));
    }

    @Test
    void demoRefusesADimensionBelowTwoAsAUsageError() {
        Cli c = Cli.run("demo", "--dim", "1");
        assertEquals(2, c.exitCode(), c.toString());
        assertTrue(c.err().contains("--dim must be >= 2"), c.err());
    }

    private static double rosenbrock(double[] x) {
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            f += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
        }
        return f;
    }

    private static double[] gradient(double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i + 1 < x.length; i++) {
            double r = x[i + 1] - x[i] * x[i];
            g[i] += -400 * x[i] * r - 2 * (1 - x[i]);
            g[i + 1] += 200 * r;
        }
        return g;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }
}
