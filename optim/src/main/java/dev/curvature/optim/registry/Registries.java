package dev.curvature.optim.registry;

import dev.curvature.optim.Problem;
import dev.curvature.optim.Transform;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The registries of everything an experiment spec can name: optimizers, transforms, schedules,
 * problems and monitors. {@link #standard()} holds those of every module on the class path, each
 * registered by the module's {@link Contributions}; {@link #empty()} makes a fresh set to fill by
 * hand (tests, embedding).
 *
 * @param optimizers whole optimizers
 * @param transforms building blocks of chains
 * @param schedules  step-dependent values
 * @param problems   objective functions and training problems
 * @param monitors   diagnostics measured during a run
 */
public record Registries(Registry<Transform> optimizers, Registry<Transform> transforms,
                         Registry<Schedule> schedules, Registry<Problem> problems, Registry<Monitor> monitors) {

    /** Empty registries. */
    public static Registries empty() {
        return new Registries(new Registry<>("optimizers"), new Registry<>("transforms"), new Registry<>("schedules"),
                new Registry<>("problems"), new Registry<>("monitors"));
    }

    /**
     * The registries of all modules on the class path, loaded on first use (the holder idiom
     * makes that lazy and thread-safe without locking afterwards).
     */
    public static Registries standard() {
        return Standard.INSTANCE;
    }

    /** Registries filled by {@code contributions}, in their {@link Contributions#order()}. */
    public static Registries of(Iterable<? extends Contributions> contributions) {
        List<Contributions> sorted = new ArrayList<>();
        contributions.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Contributions::order).thenComparing(c -> c.getClass().getName()));
        Registries r = empty();
        for (Contributions c : sorted) {
            c.register(r);
        }
        return r;
    }

    private static final class Standard {
        static final Registries INSTANCE = of(ServiceLoader.load(Contributions.class,
                Registries.class.getClassLoader()));
    }
}
