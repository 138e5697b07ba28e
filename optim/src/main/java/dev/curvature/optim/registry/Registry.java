package dev.curvature.optim.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Components of one kind by name (optimizers, transforms, schedules, problems, monitors), in
 * registration order. Experiment specs and {@code curvature list} read them.
 *
 * @param <T> what the components build
 */
public final class Registry<T> {
    private final String kind;
    private final Map<String, Component<T>> entries = new LinkedHashMap<>();

    /** An empty registry of {@code kind} (plural noun used in messages, e.g. "optimizers"). */
    public Registry(String kind) {
        this.kind = kind;
    }

    /** What this registry holds, e.g. {@code optimizers}. */
    public String kind() {
        return kind;
    }

    /** Adds a component; its name must be new. */
    public synchronized Registry<T> register(Component<T> c) {
        if (entries.putIfAbsent(c.name(), c) != null) {
            throw new IllegalArgumentException(kind + ": '" + c.name() + "' is already registered");
        }
        return this;
    }

    /** True when a component has this name. */
    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The component named {@code name}; an unknown name lists the known ones. */
    public synchronized Component<T> get(String name) {
        Component<T> c = entries.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown " + singular() + " '" + name + "' (known " + kind + ": "
                    + String.join(", ", entries.keySet()) + ")");
        }
        return c;
    }

    /** All components in registration order. */
    public synchronized List<Component<T>> all() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    /** All names in registration order. */
    public synchronized List<String> names() {
        return List.copyOf(entries.keySet());
    }

    private String singular() {
        return kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
    }
}
