package dev.curvature.lab.cli;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.Lab;
import dev.curvature.core.backend.Backends;
import dev.curvature.lab.report.NumericsMatrix;
import dev.curvature.lab.report.ReproductionIndex;
import dev.curvature.lab.report.ReproductionIndex.Entry;
import dev.curvature.lab.report.ReproductionIndex.Status;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code curvature reproduce NAME|--all [--quick]}: run built-in experiments (the paper
 * reproductions) into {@code OUT/quick/NAME} or {@code OUT/full/NAME}, each with its report.
 * With {@code --all} it also writes {@code OUT/quick/index.html} (or {@code full/}), the entry page
 * that links every experiment's report with the pass/fail of its checks, and an error in one
 * experiment does not stop the others.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run built-in experiments: each reproduces a paper's experiment and checks its claims. "
                + "Results go to OUT/quick/NAME or OUT/full/NAME (replacing earlier results there unless --resume); "
                + "with --all, OUT/quick/index.html (or full/) links every report with its pass/fail checks.",
        footer = {"", "Exit codes:", "  0  every claim reproduced", "  1  a run failed or a claim did not hold",
                "  2  usage error", "",
                "Examples:", "  curvature reproduce --all --quick        # then open results/quick/index.html",
                "  curvature reproduce --all --quick --numerics native,native-haswell,java",
                "  curvature reproduce baselines-rosenbrock", "  curvature reproduce warmup-schedules --quick --out /tmp/r",
                "  curvature list experiments"})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "NAME", description = "A built-in experiment (see `curvature list experiments`).")
        String name;

        @Option(names = "--all", description = "Every built-in experiment, and an index page of their reports.")
        boolean all;
    }

    @Option(names = "--quick", description = "The small variants (all of them together run in minutes).")
    boolean quick;

    @Option(names = "--out", paramLabel = "OUT", description = "Parent folder of the results (default: results).")
    Path out = Path.of("results");

    @Option(names = "--numerics", paramLabel = "CONFIGS", split = ",",
            description = "Run under each numeric configuration, one JVM each: native (OpenBLAS's own CPU detection), "
                    + "native-haswell (OPENBLAS_CORETYPE=Haswell), java (pure-Java kernels); results go to "
                    + "OUT/numerics/CONFIG, and OUT/numerics/quick.html (or full.html) shows every check's outcome "
                    + "and margin under each. Example: --numerics native,native-haswell,java")
    List<String> numerics;

    /** Set by {@code --numerics} on the runs it starts: write the index and checks.json for one experiment too. */
    @Option(names = "--write-index", hidden = true)
    boolean writeIndex;

    @Mixin
    ExperimentOptions options;

    @Override
    public Integer call() throws Exception {
        if (numerics != null && !numerics.isEmpty()) {
            return matrix();
        }
        List<String> names = which.all ? BuiltinExperiments.names() : List.of(which.name);
        if (!which.all && !BuiltinExperiments.names().contains(which.name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown experiment '" + which.name
                    + "' (built-in: " + String.join(", ", BuiltinExperiments.names()) + ")");
        }
        var pw = spec.commandLine().getOut();
        ExperimentOptions.checkOut(out, spec.commandLine());
        Path parent = out.resolve(quick ? "quick" : "full");
        List<Entry> entries = new ArrayList<>();
        Exception firstError = null;
        boolean ok = true;
        if (which.all || writeIndex) {
            // Written first, so that each report, written before its row, links back to it.
            ReproductionIndex.write(parent, "Curvature reproductions (" + (quick ? "quick" : "full") + ")",
                    Backends.current().description(), entries);
        }
        for (String n : names) {
            ExperimentSpec s = BuiltinExperiments.get(n);
            if (quick) {
                s = s.quick();
            }
            List<String> missing = Lab.missingRequirements(s);
            if (!missing.isEmpty()) {
                String why = "needs " + String.join(", ", missing) + ", which this build does not register";
                pw.printf("%s: skipped, %s%n", s.name(), why);
                pw.flush();
                entries.add(new Entry(s.name(), s.description(), Status.SKIPPED, why, List.of(), 0, null));
                continue;
            }
            Path dir = parent.resolve(s.name());
            long start = System.nanoTime();
            try {
                replaceEarlierResults(dir);
                Lab.Result r = options.execute(s, dir, again(), spec.commandLine());
                ok &= r.ok();
                entries.add(new Entry(s.name(), s.description(), r.ok() ? Status.PASS : Status.FAIL, summary(r),
                        r.analysis() == null ? List.of() : List.copyOf(r.analysis().checks()), seconds(start),
                        parent.relativize(r.report()).toString()));
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                if (!which.all) {
                    throw e;
                }
                // The others still run; the first error decides the exit code at the end.
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                spec.commandLine().getErr().println("curvature: " + s.name() + ": error: " + msg);
                spec.commandLine().getErr().flush();
                entries.add(new Entry(s.name(), s.description(), Status.ERROR, msg, List.of(), seconds(start),
                        Files.isRegularFile(dir.resolve("report.html")) ? parent.relativize(dir.resolve("report.html"))
                                .toString() : null));
                firstError = firstError == null ? e : firstError;
            }
            if (which.all || writeIndex) {
                ReproductionIndex.write(parent, "Curvature reproductions (" + (quick ? "quick" : "full") + ")",
                        Backends.current().description(), entries);
            }
        }
        if (which.all) {
            pw.printf("index of the reports: %s%n", parent.resolve("index.html"));
            pw.flush();
        }
        if (firstError != null) {
            throw firstError;
        }
        return ok ? 0 : 1;
    }

    /**
     * {@code --numerics}: this command once per configuration, each in its own JVM (the OpenBLAS
     * kernel family is fixed when the library loads), then the matrix page. Exit code: 2 when a
     * configuration is unknown or a run was refused as a usage error, 1 when any check failed
     * anywhere, 0 when every check held everywhere.
     */
    private int matrix() throws Exception {
        List<NumericConfig> configs = new ArrayList<>();
        for (String n : numerics) {
            try {
                NumericConfig c = NumericConfig.of(n);
                if (!configs.contains(c)) {
                    configs.add(c);
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        var pw = spec.commandLine().getOut();
        String variant = quick ? "quick" : "full";
        Path root = out.resolve("numerics");
        List<NumericsMatrix.Column> columns = new ArrayList<>();
        int worst = 0;
        for (NumericConfig c : configs) {
            Path dir = root.resolve(c.label());
            List<String> args = new ArrayList<>(List.of("reproduce"));
            args.add(which.all ? "--all" : which.name);
            if (quick) {
                args.add("--quick");
            }
            args.addAll(List.of("--out", dir.toString(), "--no-progress", "--write-index"));
            if (options.workers != null) {
                args.addAll(List.of("--workers", options.workers.toString()));
            }
            if (options.resume) {
                args.add("--resume");
            }
            pw.printf("== %s: %s%n", c.label(), c.description());
            pw.flush();
            Process p = c.command(args).redirectErrorStream(true).start();
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    pw.println("[" + c.label() + "] " + line);
                    pw.flush();
                }
            }
            int rc = p.waitFor();
            worst = rc == 2 || worst == 2 ? 2 : Math.max(worst, rc);
            columns.add(NumericsMatrix.column(c.label(), c.description(), dir.resolve(variant)));
        }
        Path page = NumericsMatrix.write(root.resolve(variant + ".html"),
                "Curvature reproductions (" + variant + ") under " + configs.size() + " numeric configurations", columns);
        NumericsMatrix.summary(columns).forEach(pw::println);
        pw.printf("numerics matrix: %s%n", page);
        pw.flush();
        return worst == 2 ? 2 : NumericsMatrix.allPassed(columns) && worst == 0 ? 0 : 1;
    }

    /**
     * Without {@code --resume}, a folder holding an earlier reproduction is emptied first, so that
     * running the same command again starts afresh; any other non-empty folder, or one whose
     * database Curvature did not create, is left to the runner or refused here.
     */
    private void replaceEarlierResults(Path dir) throws IOException {
        if (options.resume || !Files.isRegularFile(dir.resolve(ResultStore.FILE))) {
            return;
        }
        try {
            // Refuses a database Curvature did not create; the folder of one it did may be emptied.
            ResultStore.openExisting(dir).close();
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot close the result database in " + dir + ": " + e.getMessage(), e);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The command line that continues this one after an interruption. */
    private String again() {
        return "curvature reproduce " + (which.all ? "--all" : which.name) + (quick ? " --quick" : "") + " --resume"
                + (out.equals(Path.of("results")) ? "" : " --out " + out);
    }

    private static String summary(Lab.Result r) {
        Runner.Outcome o = r.outcome();
        Map<String, Integer> parts = new TreeMap<>();
        parts.put(RunStatus.DONE.stored(), o.done());
        parts.put(RunStatus.DIVERGED.stored(), o.diverged());
        parts.put(RunStatus.FAILED.stored(), o.failed());
        parts.put("already stored", o.skipped());
        StringBuilder b = new StringBuilder(o.total() + " runs");
        parts.forEach((k, v) -> {
            if (v > 0) {
                b.append(", ").append(v).append(' ').append(k);
            }
        });
        return b.toString();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
