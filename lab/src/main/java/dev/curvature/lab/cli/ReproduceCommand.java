package dev.curvature.lab.cli;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.spec.ExperimentSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code curvature reproduce NAME|--all [--quick]}: run built-in experiments (the paper reproductions). */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run built-in experiments: each reproduces a paper's experiment and checks its claims.",
        footer = {"", "Exit codes: 0 all claims reproduced, 2 usage error, 1 a run failed or a claim did not hold.", "",
                "Examples:", "  curvature reproduce --all --quick", "  curvature reproduce baselines-rosenbrock",
                "  curvature list experiments"})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "NAME", description = "A built-in experiment (see `curvature list experiments`).")
        String name;

        @Option(names = "--all", description = "Every built-in experiment.")
        boolean all;
    }

    @Option(names = "--quick", description = "The small variants (all of them together run in minutes).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent folder of the results (default: results).")
    Path out = Path.of("results");

    @Mixin
    ExperimentOptions options;

    @Override
    public Integer call() throws Exception {
        List<String> names = which.all ? BuiltinExperiments.names() : List.of(which.name);
        if (!which.all && !BuiltinExperiments.names().contains(which.name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown experiment '" + which.name
                    + "' (built-in: " + String.join(", ", BuiltinExperiments.names()) + ")");
        }
        boolean ok = true;
        for (String n : names) {
            ExperimentSpec s = BuiltinExperiments.get(n);
            if (quick) {
                s = s.quick();
            }
            java.util.List<String> missing = dev.curvature.lab.Lab.missingRequirements(s);
            if (!missing.isEmpty()) {
                spec.commandLine().getOut().printf("%s: skipped, needs %s, which this build does not register%n",
                        s.name(), String.join(", ", missing));
                spec.commandLine().getOut().flush();
                continue;
            }
            Path dir = out.resolve(quick ? "quick" : "full").resolve(s.name());
            ok &= options.execute(s, dir, spec.commandLine());
        }
        return ok ? 0 : 1;
    }
}
