package dev.curvature.optim.registry;

import dev.curvature.optim.Hyperparameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A named, documented factory of T (an optimizer, transform, schedule, problem or monitor):
 * a one-line summary, the paper or reference code its definition and defaults follow, the
 * declarations of its hyperparameters ({@link Param}: kind, range, default, description, symbol),
 * and how to build it from them.
 *
 * @param <T> what it builds
 */
public record Component<T>(String name, String summary, String reference, List<Param> params,
                           Function<Hyperparameters, T> builder) {

    public Component {
        params = List.copyOf(params);
        Map<String, Param> seen = new LinkedHashMap<>();
        for (Param p : params) {
            if (seen.put(p.name(), p) != null) {
                throw new IllegalArgumentException(name + ": parameter '" + p.name() + "' is declared twice");
            }
        }
    }

    /** The declaration of {@code param}, or null. */
    public Param param(String param) {
        for (Param p : params) {
            if (p.name().equals(param)) {
                return p;
            }
        }
        return null;
    }

    /** The names of the parameters in declaration order. */
    public List<String> paramNames() {
        return params.stream().map(Param::name).toList();
    }

    /**
     * The defaults by name, in declaration order, without the required parameters (which have
     * none). Numbers are Doubles, integers Longs.
     */
    public Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param p : params) {
            if (!p.required()) {
                m.put(p.name(), p.defaultValue());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Built with its defaults. */
    public T create() {
        return create(Map.of());
    }

    /**
     * Built with {@code overrides} replacing defaults. Unknown names, wrong kinds and values out
     * of their declared range throw a {@link dev.curvature.optim.HyperparameterException} naming
     * the parameter, as do the range checks of the built object's constructor.
     */
    public T create(Map<String, ?> overrides) {
        return builder.apply(new Hyperparameters(name, params, overrides));
    }
}
