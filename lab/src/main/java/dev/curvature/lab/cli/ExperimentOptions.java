package dev.curvature.lab.cli;

import dev.curvature.lab.Lab;
import dev.curvature.lab.report.AnalysisResult;
import dev.curvature.lab.runner.DuplicateRuns;
import dev.curvature.lab.runner.Progress;
import dev.curvature.lab.runner.Runner;
import dev.curvature.lab.spec.ExperimentSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code reproduce}, and how they carry out one experiment. */
final class ExperimentOptions {
    @Option(names = "--workers", description = "Parallel runs (default: the number of cores).")
    Integer workers;

    @Option(names = "--resume", description = "Continue an interrupted sweep in the output folder.")
    boolean resume;

    @Option(names = "--no-progress", description = "No progress display (by default a bar on a terminal, "
            + "otherwise a line every " + Progress.LINE_INTERVAL_SECONDS + " s).")
    boolean noProgress;

    /**
     * The folder of {@code --out}, refused when empty: an empty path would be the current folder,
     * which holds other files.
     */
    static Path checkOut(Path out, CommandLine cmd) {
        if (out.toString().isBlank()) {
            throw new CommandLine.ParameterException(cmd, "--out is empty; name the results folder (for example "
                    + "--out results/my-sweep), or leave --out out for the default");
        }
        return out;
    }

    /**
     * Runs one experiment into {@code out}, prints its outcome on the command's output, and returns
     * it ({@link Lab.Result#ok()} when it passed). Interrupted (Ctrl-C, SIGTERM), it says how to
     * continue: {@code again}, the command line that resumes it.
     */
    Lab.Result execute(ExperimentSpec spec, Path out, String again, CommandLine cmd) throws Exception {
        int w = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (w < 1) {
            throw new CommandLine.ParameterException(cmd, "--workers must be at least 1, got " + w);
        }
        PrintWriter pw = cmd.getOut();
        Progress progress = noProgress ? Progress.silent() : Progress.auto(System.err);
        DuplicateRuns.warning(Runner.listRuns(spec)).ifPresent(w2 -> {
            cmd.getErr().println(w2);
            cmd.getErr().flush();
        });
        Lab.Result r;
        try (Interruption hint = Interruption.hint("interrupted; continue with: " + again)) {
            r = Lab.execute(spec, out, new Runner.Options(w, resume, progress));
        }
        Runner.Outcome o = r.outcome();
        pw.printf(java.util.Locale.ROOT, "%s: %d runs (%d done, %d diverged, %d failed, %d already stored%s) in %.2f s -> %s%n",
                spec.name(), o.total(), o.done(), o.diverged(), o.failed(), o.skipped(),
                o.resumed() > 0 ? ", " + o.resumed() + " resumed from checkpoints" : "", o.elapsedMs() / 1000.0,
                r.report());
        for (String f : o.failures()) {
            pw.println("  failed: " + f);
        }
        if (r.analysis() != null) {
            r.analysis().checks().forEach(c -> pw.printf("  [%s] %s: %s [%s; %s]%n", c.passed() ? "pass"
                    : c.evidence().kind() == AnalysisResult.Evidence.Kind.ILLUSTRATION ? "not shown" : "FAIL",
                    c.claim(), c.detail(), c.margin(), c.evidence().label()));
        }
        pw.flush();
        return r;
    }
}
