package dev.curvature.nn.models;

import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.Graph;
import dev.curvature.nn.Model;
import dev.curvature.nn.Node;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Label;

/**
 * A multilayer perceptron for classification: x → [Linear → activation]×L → Linear → softmax
 * cross-entropy. Hidden weights are labelled {@link Label#HIDDEN}, the last layer
 * {@link Label#HEAD}, biases {@link Label#BIAS}. Weights and biases are initialized as torch's
 * {@code nn.Linear}: U(−1/√fan_in, 1/√fan_in) (Kaiming-uniform with a = √5).
 */
public final class Mlp implements Model {
    /** Hidden activations. */
    public enum Activation { RELU, TANH, GELU }

    private final int inputs;
    private final int[] hidden;
    private final int classes;
    private final Activation activation;

    public Mlp(int inputs, int[] hidden, int classes, Activation activation) {
        Check.atLeast("mlp", "inputs", inputs, 1);
        Check.atLeast("mlp", "classes", classes, 2);
        for (int h : hidden) {
            Check.atLeast("mlp", "hidden", h, 1);
        }
        this.inputs = inputs;
        this.hidden = hidden.clone();
        this.classes = classes;
        this.activation = activation;
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public Built build(Graph g, int batch) {
        Node x = g.input("x", batch, inputs);
        Node y = g.input("y", batch);
        Node h = x;
        int fanIn = inputs;
        for (int l = 0; l < hidden.length; l++) {
            Node w = g.param("layer" + l + ".weight", Label.HIDDEN, hidden[l], fanIn);
            Node b = g.param("layer" + l + ".bias", Label.BIAS, hidden[l]);
            Node z = g.linear(h, w, b);
            h = switch (activation) {
                case RELU -> g.relu(z);
                case TANH -> g.tanh(z);
                case GELU -> g.gelu(z);
            };
            fanIn = hidden[l];
        }
        Node w = g.param("head.weight", Label.HEAD, classes, fanIn);
        Node b = g.param("head.bias", Label.BIAS, classes);
        Node logits = g.linear(h, w, b);
        return new Built(x, y, logits, g.softmaxCrossEntropy(logits, y));
    }

    @Override
    public void initialize(Blocks params, RandomStream rng) {
        for (int i = 0; i < params.count(); i += 2) {
            Tensor w = params.tensor(i);
            Tensor b = params.tensor(i + 1);
            double bound = 1.0 / Math.sqrt(w.dim(1));
            rng.fillUniform(w, -bound, bound);
            rng.fillUniform(b, -bound, bound);
        }
    }
}
