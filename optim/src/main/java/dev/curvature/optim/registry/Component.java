package dev.curvature.optim.registry;

import dev.curvature.core.Limit;
import dev.curvature.optim.Hyperparameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * A named, documented factory of T (an optimizer, transform, schedule, problem or monitor):
 * a one-line summary, the paper or reference code its definition and defaults follow, the
 * declarations of its hyperparameters ({@link Param}: kind, range, default, description, symbol),
 * how to build it from them and, for what holds arrays sized by its parameters (a problem's
 * parameter vector and data), how many elements the largest of them holds ({@link Size}), so that
 * a request beyond {@link Limit#ELEMENTS} is refused before anything is allocated.
 *
 * @param size the elements of its largest array as a function of its parameters; null when no
 *             parameter sizes an array
 * @param <T> what it builds
 */
public record Component<T>(String name, String summary, String reference, List<Param> params,
                           Function<Hyperparameters, T> builder, Size size) {

    /**
     * The elements of the largest array a component allocates, from its hyperparameters.
     *
     * @param formula the count in words of its parameters ({@code "m × n"}), for messages
     * @param count   the count; multiply with {@link Limit#product} so that it cannot overflow
     */
    public record Size(String formula, ToLongFunction<Hyperparameters> count) {
        /** Refuses {@code h} when its largest array is above {@link Limit#ELEMENTS}. */
        void check(String owner, Hyperparameters h) {
            long n = count.applyAsLong(h);
            if (n > Limit.ELEMENTS.value()) {
                StringBuilder values = new StringBuilder();
                for (Map.Entry<String, Object> e : h.values().entrySet()) {
                    if (e.getValue() instanceof Number
                            && Pattern.compile("\\b" + Pattern.quote(e.getKey()) + "\\b").matcher(formula).find()) {
                        values.append(values.isEmpty() ? "" : ", ").append(e.getKey()).append(" = ").append(e.getValue());
                    }
                }
                String given = values.toString().equals(formula + " = " + h.values().get(formula)) ? values.toString()
                        : formula + (values.isEmpty() ? "" : " with " + values);
                Limit.ELEMENTS.check(n, owner + " (" + given + ")");
            }
        }
    }

    /** A component whose parameters size no array. */
    public Component(String name, String summary, String reference, List<Param> params,
                     Function<Hyperparameters, T> builder) {
        this(name, summary, reference, params, builder, null);
    }

    /** This component with the size of its largest array declared. */
    public Component<T> sized(String formula, ToLongFunction<Hyperparameters> count) {
        return new Component<>(name, summary, reference, params, builder, new Size(formula, count));
    }

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
     * the parameter, as do the range checks of the built object's constructor; arrays beyond
     * {@link Limit#ELEMENTS} a {@link Limit.LimitExceededException}, before the builder runs.
     */
    public T create(Map<String, ?> overrides) {
        Hyperparameters h = new Hyperparameters(name, params, overrides);
        if (size != null) {
            size.check(name, h);
        }
        return builder.apply(h);
    }
}
