package dev.curvature.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A registered optimizer: name, one-line summary, the paper (or reference code) its update rule
 * and defaults come from, the default hyperparameters, and how to build it.
 */
public record OptimizerInfo(String name, String summary, String reference, Map<String, Object> defaults,
                           Function<Hyperparameters, Transform> builder) {

    public OptimizerInfo {
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    /** The optimizer with its defaults. */
    public Transform create() {
        return create(Map.of());
    }

    /** The optimizer with {@code overrides} replacing defaults; unknown names and invalid values throw. */
    public Transform create(Map<String, ?> overrides) {
        return builder.apply(new Hyperparameters(name, defaults, overrides));
    }
}
