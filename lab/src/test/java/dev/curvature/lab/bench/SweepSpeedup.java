package dev.curvature.lab.bench;

import dev.curvature.core.backend.Backends;
import dev.curvature.lab.report.Summaries;
import dev.curvature.lab.runner.RunPlan;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.testing.CurvatureProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measurement, not a test: how much faster a sweep of 64 small runs is with 2 workers than with
 * 1, and how close that is to what the runs themselves allow on this machine. Four measurements,
 * each 1 worker against 2, alternating which goes first:
 *
 * <ul>
 *   <li><b>lab, fresh JVM</b>: {@code curvature run} as a new process into a new folder, as a user
 *       runs it; the sweep time it reports and the whole command (JVM start, sweep, report);
 *   <li><b>bare, fresh JVM</b>: the same runs, built the same way ({@link Runner#builder}), run to
 *       their end on a thread pool in a new process, with nothing stored, checkpointed or
 *       reported: the speed-up of the work itself, JIT warm-up included;
 *   <li><b>lab, warm JVM</b>: {@link Runner} sweeps into new folders in one JVM that has already
 *       run the sweep once (as {@code reproduce --all} runs experiments one after the other);
 *   <li><b>bare, warm JVM</b>: the bare runs in that JVM.
 * </ul>
 *
 * The ratio of lab to bare speed-ups is the runner's own parallel efficiency.
 *
 * <pre>
 * bench/run-lab-sweep.sh [rounds [steps]]   # builds if needed; see docs/performance.md
 * </pre>
 */
public final class SweepSpeedup {
    /** 4 sizes × 4 optimizers × 4 seeds = 64 runs of 3 000 steps, about 0.07 s each. */
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
    private static final Pattern BARE = Pattern.compile("bare ([0-9.]+) s");
    private static final Duration LIMIT = Duration.ofMinutes(10);

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--bare")) {
            // A child JVM: the bare runs once, on the given number of threads.
            List<RunPlan> plans = Runner.plan(ExperimentSpec.parse(Files.readString(Path.of(args[2])), args[2]));
            System.out.printf(Locale.ROOT, "bare %.3f s%n", bare(plans, Integer.parseInt(args[1])));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path work = Files.createTempDirectory("lab-sweep-");
        Path specFile = work.resolve("speedup.yaml");
        Files.writeString(specFile, SPEC.replace("max_steps: 3000", "max_steps: " + steps)
                .replace("total: 3000", "total: " + steps));
        ExperimentSpec spec = ExperimentSpec.parse(Files.readString(specFile), specFile.toString());
        List<RunPlan> plans = Runner.plan(spec);
        System.out.printf(Locale.ROOT, "sweep of %d runs of %d steps, %d rounds, %d cores, JDK %s; work folder %s%n",
                plans.size(), steps, rounds, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version"), work);

        Map<String, List<double[]>> times = new LinkedHashMap<>();
        for (String k : List.of("lab, fresh JVM (sweep)", "lab, fresh JVM (whole command)", "bare, fresh JVM",
                "lab, warm JVM", "bare, warm JVM")) {
            times.put(k, new ArrayList<>());
        }
        labWarm(spec, plans, work.resolve("warm-up"), 2);
        for (int r = 0; r < rounds; r++) {
            double[] sweep = new double[3];
            double[] whole = new double[3];
            double[] bareFresh = new double[3];
            double[] labWarm = new double[3];
            double[] bareWarm = new double[3];
            for (int workers : r % 2 == 0 ? new int[] {1, 2} : new int[] {2, 1}) {
                String name = "r" + r + "-w" + workers;
                long t0 = System.nanoTime();
                CurvatureProcess p = CurvatureProcess.run(work.resolve("logs"), name, LIMIT, "run", specFile.toString(),
                        "--out", work.resolve(name).toString(), "--workers", Integer.toString(workers), "--no-progress");
                whole[workers] = (System.nanoTime() - t0) / 1e9;
                sweep[workers] = parse(SWEEP, p.exitCode() == 0 ? p.stdout() : p.describe());
                bareFresh[workers] = bareChild(work, specFile, name, workers);
                labWarm[workers] = labWarm(spec, plans, work.resolve(name + "-warm"), workers);
                bareWarm[workers] = bare(plans, workers);
            }
            times.get("lab, fresh JVM (sweep)").add(sweep);
            times.get("lab, fresh JVM (whole command)").add(whole);
            times.get("bare, fresh JVM").add(bareFresh);
            times.get("lab, warm JVM").add(labWarm);
            times.get("bare, warm JVM").add(bareWarm);
            System.out.printf(Locale.ROOT, "round %d: lab fresh %.2f/%.2f s = %.2fx (whole %.2fx), bare fresh %.2fx;"
                    + " lab warm %.2f/%.2f s = %.2fx, bare warm %.2fx%n", r + 1, sweep[1], sweep[2], sweep[1] / sweep[2],
                    whole[1] / whole[2], bareFresh[1] / bareFresh[2], labWarm[1], labWarm[2], labWarm[1] / labWarm[2],
                    bareWarm[1] / bareWarm[2]);
        }
        System.out.println("speed-up of 2 workers over 1: median (range); median seconds with 1 and 2 workers");
        times.forEach(SweepSpeedup::summary);
        System.out.printf(Locale.ROOT, "runner efficiency (lab speed-up / bare speed-up): fresh JVM %.2f, warm JVM %.2f%n",
                medianRatio(times.get("lab, fresh JVM (sweep)")) / medianRatio(times.get("bare, fresh JVM")),
                medianRatio(times.get("lab, warm JVM")) / medianRatio(times.get("bare, warm JVM")));
    }

    /** Seconds of a {@link Runner} sweep of all plans into a new folder, in this JVM. */
    private static double labWarm(ExperimentSpec spec, List<RunPlan> plans, Path out, int workers) throws Exception {
        try (ResultStore store = ResultStore.open(out)) {
            return new Runner(store).run(spec, plans, new Runner.Options(workers, false, null)).elapsedMs() / 1e3;
        }
    }

    /** Seconds to run every plan to its end on {@code threads} threads, storing nothing. */
    static double bare(List<RunPlan> plans, int threads) throws Exception {
        Backends.current().setThreads(Runner.kernelThreads());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (RunPlan p : plans) {
                futures.add(pool.submit(() -> Runner.builder(p).build().runToEnd()));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    /** The bare runs in a new JVM with this one's flags and classpath; their seconds. */
    private static double bareChild(Path work, Path spec, String name, int threads) throws Exception {
        List<String> cmd = CurvatureProcess.java(System.getProperty("java.class.path"), SweepSpeedup.class.getName(),
                "--bare", Integer.toString(threads), spec.toString());
        Path log = work.resolve("logs").resolve(name + "-bare.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bare child failed: " + Files.readString(log));
        }
        return parse(BARE, Files.readString(log));
    }

    private static double parse(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no time in: " + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double medianRatio(List<double[]> times) {
        return Summaries.median(times.stream().mapToDouble(t -> t[1] / t[2]).toArray());
    }

    private static void summary(String what, List<double[]> times) {
        double[] ratio = times.stream().mapToDouble(t -> t[1] / t[2]).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-31s %.2fx (%.2f-%.2f); %.2f s / %.2f s%n", what, Summaries.median(ratio), ratio[0],
                ratio[ratio.length - 1], Summaries.median(times.stream().mapToDouble(t -> t[1]).toArray()),
                Summaries.median(times.stream().mapToDouble(t -> t[2]).toArray()));
    }

    private SweepSpeedup() {}
}
