package dev.curvature.lab.experiments;

import dev.curvature.lab.report.Analysis;
import dev.curvature.lab.spec.SpecFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A built-in experiment (a paper reproduction) as one unit: its spec, the resource
 * {@code EXPERIMENT.yaml} in the package of the implementing class, and the analysis that spec
 * names. An analysis class of a reproduction implements this interface itself.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: one line each in
 * {@code META-INF/services/dev.curvature.lab.experiments.Reproduction}, in the order
 * {@code curvature reproduce --all} runs them and the index page lists them.
 */
public interface Reproduction {

    /** The experiment's name (the spec's {@code name}, and the base name of its spec resource). */
    String experiment();

    /** The analysis its spec names under {@code analysis}; empty for an experiment without claims. */
    default Optional<Analysis> analysis() {
        return Optional.empty();
    }

    /** The YAML text of the spec: the resource {@code EXPERIMENT.yaml} beside this class. */
    default String specText() {
        String file = experiment() + ".yaml";
        try (InputStream in = getClass().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing spec resource " + getClass().getPackageName()
                        .replace('.', '/') + "/" + file + " of the built-in experiment '" + experiment() + "'");
            }
            return SpecFile.read(in, "spec resource " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
