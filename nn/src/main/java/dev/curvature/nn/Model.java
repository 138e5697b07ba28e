package dev.curvature.nn;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;

/**
 * A network architecture: it builds its computation into a {@link Graph} for a given batch size
 * and initializes its parameters. Building twice (a training and an evaluation graph) gives
 * parameter blocks of the same names, labels and shapes, so both can be bound to one set.
 */
public interface Model {

    /** The nodes a built model exposes. */
    record Built(Node input, Node target, Node output, Node loss) {}

    /** A short name, e.g. {@code mlp}. */
    String name();

    /** Builds the model for {@code batch} examples into {@code g}. */
    Built build(Graph g, int batch);

    /**
     * Examples per evaluation pass (accuracy, held-out loss): large for small models, smaller where
     * activations grow with the example (sequences).
     */
    default int evalBatch() {
        return 1000;
    }

    /** Initializes the parameters (torch's default initializations unless the model says otherwise). */
    void initialize(Blocks params, RandomStream rng);
}
