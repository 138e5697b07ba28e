package dev.curvature.lab;

import dev.curvature.lab.spec.ExperimentSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The experiments shipped with Curvature (each paper reproduction is one), as specs under
 * {@code experiments/} in the resources, listed in {@code experiments/index}.
 */
public final class BuiltinExperiments {
    private BuiltinExperiments() {}

    /** Names in index order. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String line : read("index").split("\n")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    /** The spec named {@code name}. */
    public static ExperimentSpec get(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("unknown experiment '" + name + "' (built-in: "
                    + String.join(", ", names()) + ")");
        }
        return ExperimentSpec.parse(read(name + ".yaml"), "builtin:" + name + ".yaml");
    }

    private static String read(String file) {
        try (InputStream in = BuiltinExperiments.class.getResourceAsStream("/experiments/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource experiments/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
