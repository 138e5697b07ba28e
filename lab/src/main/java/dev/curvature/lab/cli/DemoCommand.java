package dev.curvature.lab.cli;

import dev.curvature.core.DType;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.run.Trajectory;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.problems.classic.Rosenbrock;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curvature demo}: a chain (clip by global norm, AdamW, cosine learning rate with linear
 * warm-up) on the n-dimensional Rosenbrock function, its trajectory as a table, and a comparison
 * with gradient descent and plain Adam at the same number of steps.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run clip + AdamW + cosine warm-up on the Rosenbrock function and print a table.",
        footer = {"", "Examples:", "  curvature demo", "  curvature demo --dim 50 --steps 20000 --dtype f32"})
final class DemoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--dim", defaultValue = "10", description = "Dimension n of the Rosenbrock function (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--steps", defaultValue = "5000", description = "Updates per optimizer (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--dtype", defaultValue = "f64", description = "f32 or f64 (default ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = "--seed", defaultValue = "0", description = "Run seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (dim < 2 || steps < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--dim must be >= 2 and --steps >= 1, got dim=" + dim + ", steps=" + steps);
        }
        Rosenbrock problem = new Rosenbrock(dim, dtype);
        long warmup = Math.max(1, steps / 20);
        Transform chain = Transforms.chain(
                Transforms.clipByGlobalNorm(10.0),
                Transforms.scaleByAdam(0.9, 0.999, 1e-8),
                Transforms.addDecayedWeights(Schedules.constant(1e-5)),
                Transforms.scaleByLearningRate(new Schedules.WarmupCosine(0.0, 0.05, warmup, steps, 1e-4)));
        out.printf("Rosenbrock n=%d (f* = 0 at x = 1), %s, %d steps, seed %d%n", dim, dtype, steps, seed);
        out.printf("optimizer: chain(clip_by_global_norm(10), adam(0.9, 0.999), weight decay 1e-5, "
                + "lr warm-up %d steps to 0.05 then cosine to 1e-4)%n%n", warmup);
        RunResult r = Run.on(problem, chain).stop(StoppingRule.maxSteps(steps)).seed(seed).run();
        Trajectory tr = r.trajectory();
        out.printf("%8s  %14s  %12s  %10s%n", "step", "f(x)", "|grad f|", "lr");
        int rows = tr.rows();
        int every = Math.max(1, (rows - 1) / 10);
        for (int i = 0; i < rows; i += every) {
            printRow(out, tr, i);
        }
        if ((rows - 1) % every != 0) {
            printRow(out, tr, rows - 1);
        }
        Map<String, Transform> others = new LinkedHashMap<>();
        others.put("gd (lr 1e-3)", OptimizerRegistry.get("gd").create(Map.of("lr", 1e-3)));
        others.put("adam (lr 0.01)", OptimizerRegistry.get("adam").create(Map.of("lr", 0.01)));
        others.put("clip+adamw+cosine", chain);
        out.printf("%nafter %d steps:%n%-20s  %14s  %12s  %10s%n", steps, "optimizer", "f(x)", "|grad f|", "ms");
        for (Map.Entry<String, Transform> e : others.entrySet()) {
            RunResult o = Run.on(problem, e.getValue()).stop(StoppingRule.maxSteps(steps)).seed(seed).run();
            out.printf("%-20s  %14.6e  %12.4e  %10d%n", e.getKey(), o.loss(), o.gradNorm(), o.elapsed().toMillis());
        }
        out.flush();
    }

    private static void printRow(PrintWriter out, Trajectory tr, int i) {
        double lr = tr.has("lr") ? tr.get("lr", i) : Double.NaN;
        out.printf("%8d  %14.6e  %12.4e  %10s%n", (long) tr.get("step", i), tr.get("loss", i), tr.get("grad_norm", i),
                Double.isNaN(lr) ? "-" : String.format("%.3e", lr));
    }
}
