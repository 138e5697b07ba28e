package dev.curvature.lab.bench;

import dev.curvature.lab.testing.CurvatureProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measurement, not a test: how much faster a sweep of 64 small runs is with 2 workers than with
 * 1. Each round runs {@code curvature run} on the same spec twice, as fresh processes into fresh
 * folders, once per worker count, alternating which goes first; it prints, per round and as
 * median and range over the rounds, the ratio of the sweep times (the runs, as the command reports
 * them) and of the whole command (JVM start, sweep and report).
 *
 * <pre>
 * bench/run-lab-sweep.sh [rounds [steps]]   # builds if needed; see docs/performance.md
 * </pre>
 */
public final class SweepSpeedup {
    /** 4 sizes × 4 optimizers × 4 seeds = 64 runs of 3 000 steps, about 0.1 s each. */
    static final String SPEC = """
            name: speedup
            seed: 1
            repeats: 4
            problem: {name: quadratic, n: 100, mu: 0.01, L: 10.0, seed: 2}
            optimizers:
              gd: {name: gd, lr: 0.05}
              momentum: {name: sgd, lr: 0.02, momentum: 0.9}
              adam: {name: adam, lr: 0.01}
              clip-adamw:
                chain:
                  - {name: clip_by_global_norm, max_norm: 10}
                  - {name: scale_by_adam}
                  - {name: add_decayed_weights, weight_decay: 1.0e-5}
                  - {name: scale_by_learning_rate, lr: {schedule: warmup_cosine, peak: 0.02, warmup: 100, total: 3000}}
            grid:
              problem.n: [100, 200, 300, 400]
            stop: {max_steps: 3000}
            run: {record_every: 10}
            monitors:
              - {name: param_norm, every: 100}
            report:
              metrics: [loss]
            """;

    private static final Pattern SWEEP = Pattern.compile(" in ([0-9.]+) s -> ");

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path work = Files.createTempDirectory("lab-sweep-");
        Path spec = work.resolve("speedup.yaml");
        Files.writeString(spec, SPEC.replace("max_steps: 3000", "max_steps: " + steps)
                .replace("total: 3000", "total: " + steps));
        System.out.printf(Locale.ROOT, "sweep of 64 runs of %d steps, %d rounds, %d cores, JDK %s; work folder %s%n",
                steps, rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"), work);
        List<double[]> sweep = new ArrayList<>();
        List<double[]> whole = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double[] s = new double[3];
            double[] w = new double[3];
            int[] order = r % 2 == 0 ? new int[] {1, 2} : new int[] {2, 1};
            for (int workers : order) {
                Path out = work.resolve("r" + r + "-w" + workers);
                long t0 = System.nanoTime();
                CurvatureProcess p = CurvatureProcess.run(work.resolve("logs"), "r" + r + "-w" + workers,
                        Duration.ofMinutes(10), "run", spec.toString(), "--out", out.toString(), "--workers",
                        Integer.toString(workers), "--no-progress");
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (p.exitCode() != 0) {
                    throw new IllegalStateException(p.describe());
                }
                Matcher m = SWEEP.matcher(p.stdout());
                if (!m.find()) {
                    throw new IllegalStateException("no sweep time in: " + p.stdout());
                }
                s[workers] = Double.parseDouble(m.group(1));
                w[workers] = seconds;
            }
            sweep.add(s);
            whole.add(w);
            System.out.printf(Locale.ROOT, "round %d: sweep %.2f s (1 worker) / %.2f s (2 workers) = %.2fx;"
                    + " whole command %.2f s / %.2f s = %.2fx%n", r + 1, s[1], s[2], s[1] / s[2], w[1], w[2],
                    w[1] / w[2]);
        }
        summary("sweep (runs only)", sweep);
        summary("whole command", whole);
    }

    private static void summary(String what, List<double[]> times) {
        double[] ratio = times.stream().mapToDouble(t -> t[1] / t[2]).sorted().toArray();
        double[] one = times.stream().mapToDouble(t -> t[1]).sorted().toArray();
        double[] two = times.stream().mapToDouble(t -> t[2]).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: speed-up median %.2fx (range %.2f-%.2f); 1 worker median %.2f s, "
                + "2 workers median %.2f s%n", what, median(ratio), ratio[0], ratio[ratio.length - 1], median(one),
                median(two));
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private SweepSpeedup() {}
}
