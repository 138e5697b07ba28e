package dev.curvature.optim.registry;

/**
 * What one module adds to the {@link Registries}: its optimizers, transforms, schedules, problems
 * and monitors. Each module implements it once and names the implementation in
 * {@code META-INF/services/dev.curvature.optim.registry.Contributions}; {@link Registries#standard()}
 * finds them with {@link java.util.ServiceLoader}, so no registry reaches into another package to
 * fill itself.
 */
public interface Contributions {

    /** Registers this module's components in {@code r}. */
    void register(Registries r);

    /**
     * Where this module's components come in the listings, lower first (the optim module 0,
     * modules that build on it higher), so the order does not depend on the class path.
     */
    default int order() {
        return 100;
    }
}
