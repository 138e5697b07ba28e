package dev.curvature.lab;

import dev.curvature.lab.experiments.Reproduction;
import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.spec.ExperimentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The experiments shipped with Curvature (each paper reproduction is one) and their analyses,
 * found as {@link Reproduction}s: each a spec resource beside the class that analyses it, listed
 * once in {@code META-INF/services/dev.curvature.lab.experiments.Reproduction} in the order
 * {@code curvature reproduce --all} runs them.
 */
public final class BuiltinExperiments {
    private BuiltinExperiments() {}

    /** Found once: the reproductions by experiment name and their analyses by analysis name, both in listed order. */
    private static final class Found {
        static final Map<String, Reproduction> EXPERIMENTS = new LinkedHashMap<>();
        static final Map<String, Analysis> ANALYSES = new LinkedHashMap<>();

        static {
            for (Reproduction r : ServiceLoader.load(Reproduction.class, BuiltinExperiments.class.getClassLoader())) {
                if (EXPERIMENTS.putIfAbsent(r.experiment(), r) != null) {
                    throw new IllegalStateException("two built-in experiments are named '" + r.experiment() + "': "
                            + EXPERIMENTS.get(r.experiment()).getClass().getName() + " and " + r.getClass().getName());
                }
                r.analysis().ifPresent(a -> {
                    Analysis before = ANALYSES.putIfAbsent(a.name(), a);
                    if (before != null && before != a) {
                        throw new IllegalStateException("two analyses are named '" + a.name() + "': "
                                + before.getClass().getName() + " and " + a.getClass().getName());
                    }
                });
            }
        }
    }

    /** Names in the order {@code reproduce --all} runs them. */
    public static List<String> names() {
        return List.copyOf(Found.EXPERIMENTS.keySet());
    }

    /** The reproductions, in the order of {@link #names()}. */
    public static List<Reproduction> reproductions() {
        return List.copyOf(Found.EXPERIMENTS.values());
    }

    /** The spec named {@code name}. */
    public static ExperimentSpec get(String name) {
        Reproduction r = Found.EXPERIMENTS.get(name);
        if (r == null) {
            throw new IllegalArgumentException("unknown experiment '" + name + "' (built-in: "
                    + String.join(", ", names()) + ")");
        }
        return ExperimentSpec.parse(r.specText(), "builtin:" + name + ".yaml");
    }

    /** The names a spec may give under {@code analysis}, in the order of the experiments that bring them. */
    public static List<String> analysisNames() {
        return List.copyOf(Found.ANALYSES.keySet());
    }

    /** The analysis named {@code name}, if a built-in experiment brings one. */
    public static Optional<Analysis> analysis(String name) {
        return Optional.ofNullable(Found.ANALYSES.get(name));
    }
}
