package dev.curvature.lab.cli;

import dev.curvature.lab.BuiltinExperiments;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.registry.Registry;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Function;
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
        Registries r = Registries.standard();
        switch (kind) {
            case problems -> {
                print(out, r.problems(), ListCommand::blocks);
                out.println();
                out.println("Blocks carry labels that routes and the Muon family select by (matrix_labels, default hidden,matrix);");
                out.println("'blocks' shows each problem's blocks at its defaults: name shape (label).");
            }
            case optimizers -> print(out, r.optimizers());
            case transforms -> print(out, r.transforms());
            case schedules -> print(out, r.schedules());
            case monitors -> print(out, r.monitors());
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

    /**
     * Each component: its name and summary, one line per parameter (name, symbol, kind, default,
     * range, description), and its reference.
     */
    private static <T> void print(PrintWriter out, Registry<T> registry) {
        print(out, registry, null);
    }

    private static <T> void print(PrintWriter out, Registry<T> registry, Function<Component<T>, String> blocks) {
        for (Component<T> c : registry.all()) {
            out.printf("%-26s %s%n", c.name(), c.summary());
            for (Param p : c.params()) {
                out.printf("%-26s   %s%n", "", describe(p));
            }
            if (blocks != null) {
                out.printf("%-26s   blocks: %s%n", "", blocks.apply(c));
            }
            out.printf("%-26s   %s%n", "", c.reference());
        }
    }

    /**
     * A problem's blocks at its defaults, {@code U 8×2 (matrix), b 8 (bias)}: what a route or a
     * Muon-family optimizer's {@code matrix_labels} can select. A problem that cannot be built at its
     * defaults (a required parameter, a data set not installed) says why instead.
     */
    static String blocks(Component<Problem> c) {
        if (c.params().stream().anyMatch(Param::required)) {
            return "depend on its required parameters";
        }
        try {
            List<String> out = new ArrayList<>();
            for (Blocks.Block b : c.create().initialPoint(RandomStream.of(0))) {
                out.add(b.name() + " " + java.util.Arrays.stream(b.tensor().shape()).mapToObj(String::valueOf)
                        .collect(java.util.stream.Collectors.joining("×")) + " (" + b.label() + ")");
            }
            if (out.size() <= 6) {
                return String.join(", ", out);
            }
            // Many blocks (a transformer): one entry per label, with a count and the first block.
            Map<String, List<String>> byLabel = new LinkedHashMap<>();
            for (String o : out) {
                String label = o.substring(o.lastIndexOf('(') + 1, o.length() - 1);
                byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(o.substring(0, o.lastIndexOf(" (")));
            }
            List<String> groups = new ArrayList<>();
            byLabel.forEach((label, bs) -> groups.add(label + " ×" + bs.size() + " (e.g. " + bs.get(0) + ")"));
            return out.size() + " blocks by label: " + String.join(", ", groups);
        } catch (RuntimeException e) {
            return "not available at the defaults (" + e.getMessage() + ")";
        }
    }

    /** {@code b1 (β₁): number in [0, 1), default 0.9 — decay rate of the first moment}. */
    static String describe(Param p) {
        StringBuilder sb = new StringBuilder(p.name());
        if (!p.symbol().isEmpty()) {
            sb.append(" (").append(p.symbol()).append(')');
        }
        sb.append(": ").append(kindText(p));
        if (p.range() != null) {
            sb.append(" in ").append(p.range());
        }
        sb.append(p.required() ? ", required" : ", default " + p.defaultText());
        if (!p.description().isEmpty()) {
            sb.append(" — ").append(p.description());
        }
        return sb.toString();
    }

    private static String kindText(Param p) {
        return switch (p.kind()) {
            case NUMBER -> "number";
            case INTEGER -> "integer";
            case FLAG -> "flag";
            case ENUM -> "one of " + String.join("|", p.choices());
            case STRING -> "string";
            case SCHEDULE -> "number or schedule";
            case NUMBER_OR_AUTO -> "number or auto";
            case NUMBERS -> "list of numbers";
            case INTEGERS -> "list of integers";
        };
    }
}
