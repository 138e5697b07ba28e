package dev.curvature.lab.cli;

import dev.curvature.core.Limit;
import dev.curvature.core.Version;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.store.ResultsFolderException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code curvature} command. Exit codes: 0 success, 2 usage or specification error, 1 failure
 * during a run.
 */
@Command(
        name = "curvature",
        mixinStandardHelpOptions = true,
        versionProvider = CurvatureCli.VersionProvider.class,
        description = "First-order optimization of nonconvex problems: optimizers, problems, diagnostics and a lab.",
        subcommands = {RunCommand.class, ReproduceCommand.class, ReportCommand.class, ListCommand.class,
                InfoCommand.class, DemoCommand.class, SchemaCommand.class, PolarCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes:", "  0  success",
                "  1  a run failed, or writing the results folder failed mid-sweep (what was",
                "     stored is kept; continue with --resume)",
                "  2  usage or spec error, or an unusable results folder (nothing run)", "", "Examples:",
                "  curvature reproduce --all --quick", "  curvature run my-sweep.yaml", "  curvature list optimizers",
                "  curvature schema --output docs/curvature-spec.schema.json", "  curvature info",
                "  curvature polar --method polar_express --in grad.npy --out polar.npy"})
public final class CurvatureCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with its output and error streams on {@code out} and {@code err}. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        try {
            return commandLine().setOut(out).setErr(err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static CommandLine commandLine() {
        return new CommandLine(new CurvatureCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(CurvatureCli::handle);
    }

    /**
     * Spec errors and unusable results folders (found before any run starts) exit with 2 and their
     * message; any other failure exits with 1.
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof SpecException) {
            cmd.getErr().println("curvature: spec error: " + e.getMessage());
            return 2;
        }
        if (e instanceof Limit.LimitExceededException) {
            cmd.getErr().println("curvature: limit: " + e.getMessage());
            return 2;
        }
        if (e instanceof ResultsFolderException) {
            cmd.getErr().println("curvature: error: " + e.getMessage());
            return 2;
        }
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        cmd.getErr().println("curvature: error: " + msg);
        if (Boolean.getBoolean("curvature.debug")) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }

    /** {@code --limit NAME=VALUE}, accepted by every command; see {@link Limit} and docs/limits.md. */
    @CommandLine.Option(names = "--limit", paramLabel = "NAME=VALUE", scope = CommandLine.ScopeType.INHERIT,
            description = "Raise or lower a resource limit for this command (spec_bytes, spec_depth, runs, "
                    + "elements); see docs/limits.md.")
    void limit(List<String> settings) {
        for (String s : settings) {
            try {
                Limit.apply(s);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit: " + e.getMessage());
            }
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the build's version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"curvature " + Version.get()};
        }
    }
}
