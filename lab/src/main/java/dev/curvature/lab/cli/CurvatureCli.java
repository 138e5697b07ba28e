package dev.curvature.lab.cli;

import dev.curvature.core.Version;
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
        subcommands = {InfoCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  curvature info", "  curvature demo --steps 200"})
public final class CurvatureCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return new CommandLine(new CurvatureCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
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
