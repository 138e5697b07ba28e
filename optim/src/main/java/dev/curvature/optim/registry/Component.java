package dev.curvature.optim.registry;

import dev.curvature.optim.Hyperparameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A named, documented factory of T (an optimizer, transform, schedule, problem or monitor):
 * a one-line summary, the paper or reference code its definition and defaults follow, the
 * default parameters (their types are the types of the defaults), and how to build it.
 *
 * @param <T> what it builds
 */
public record Component<T>(String name, String summary, String reference, Map<String, Object> defaults,
                           Function<Hyperparameters, T> builder) {

    public Component {
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    /** Built with its defaults. */
    public T create() {
        return create(Map.of());
    }

    /**
     * Built with {@code overrides} replacing defaults. Unknown names, wrong types and invalid
     * values throw IllegalArgumentException with a message {@code "<name>: <param> ..."}.
     */
    public T create(Map<String, ?> overrides) {
        return builder.apply(new Hyperparameters(name, defaults, overrides));
    }
}
