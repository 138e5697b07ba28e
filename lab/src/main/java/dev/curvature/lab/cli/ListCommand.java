package dev.curvature.lab.cli;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.TransformRegistry;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.schedule.ScheduleRegistry;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code curvature list KIND}: what can be named in a spec, with defaults and references. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List problems, optimizers, transforms, schedules, monitors or experiments, with their "
                + "parameters and papers.",
        footer = {"", "Examples:", "  curvature list optimizers", "  curvature list experiments"})
final class ListCommand implements Callable<Integer> {
    /** What to list. */
    enum Kind { problems, optimizers, transforms, schedules, monitors, experiments }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        dev.curvature.lab.catalog.Catalog.init();
        switch (kind) {
            case problems -> Catalog.problemRegistries().forEach(r -> print(out, r));
            case optimizers -> print(out, OptimizerRegistry.OPTIMIZERS);
            case transforms -> print(out, TransformRegistry.TRANSFORMS);
            case schedules -> print(out, ScheduleRegistry.SCHEDULES);
            case monitors -> print(out, Catalog.monitors());
            case experiments -> {
                for (String n : BuiltinExperiments.names()) {
                    ExperimentSpec s = BuiltinExperiments.get(n);
                    out.println(n);
                    out.println("    " + s.description().strip().replaceAll("\\s+", " "));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static <T> void print(PrintWriter out, Registry<T> registry) {
        for (Component<T> c : registry.all()) {
            out.printf("%-26s %s%n", c.name(), c.summary());
            if (!c.defaults().isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, Object> e : c.defaults().entrySet()) {
                    sb.append(sb.length() > 0 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
                }
                out.printf("%-26s   %s%n", "", sb);
            }
            out.printf("%-26s   %s%n", "", c.reference());
        }
    }
}
