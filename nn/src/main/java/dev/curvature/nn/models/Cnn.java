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
 * A small convolutional classifier in the LeNet tradition (LeCun et al., "Gradient-based learning
 * applied to document recognition", Proc. IEEE 1998): two blocks of 3×3 convolution (padding 1) →
 * ReLU → 2×2 max pooling, then a linear head on the flattened features, softmax cross-entropy.
 * Kernels are labelled {@link Label#HIDDEN}, biases {@link Label#BIAS}, the head
 * {@link Label#HEAD}. Initialization as torch's {@code Conv2d}/{@code Linear}:
 * U(−1/√fan_in, 1/√fan_in) for weights and biases (fan_in = C·kh·kw for a kernel).
 */
public final class Cnn implements Model {
    private final int channels;
    private final int height;
    private final int width;
    private final int c1;
    private final int c2;
    private final int classes;

    /**
     * @param channels, height, width the input images [C, H, W] (H and W divisible by 4)
     * @param c1, c2                  channels of the two convolutions
     */
    public Cnn(int channels, int height, int width, int c1, int c2, int classes) {
        Check.atLeast("cnn", "channels", channels, 1);
        Check.atLeast("cnn", "c1", c1, 1);
        Check.atLeast("cnn", "c2", c2, 1);
        Check.atLeast("cnn", "classes", classes, 2);
        if (height < 4 || width < 4) {
            throw new IllegalArgumentException("cnn: images " + height + "×" + width + " are smaller than 4×4");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.c1 = c1;
        this.c2 = c2;
        this.classes = classes;
    }

    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public Built build(Graph g, int batch) {
        Node x = g.input("x", batch, channels, height, width);
        Node y = g.input("y", batch);
        Node w1 = g.param("conv1.weight", Label.HIDDEN, c1, channels, 3, 3);
        Node b1 = g.param("conv1.bias", Label.BIAS, c1);
        Node w2 = g.param("conv2.weight", Label.HIDDEN, c2, c1, 3, 3);
        Node b2 = g.param("conv2.bias", Label.BIAS, c2);
        Node h = g.maxPool2d(g.relu(g.conv2d(x, w1, b1, 1, 1)), 2, 2);
        h = g.maxPool2d(g.relu(g.conv2d(h, w2, b2, 1, 1)), 2, 2);
        Node f = g.flatten(h);
        Node wh = g.param("head.weight", Label.HEAD, classes, f.shape()[1]);
        Node bh = g.param("head.bias", Label.BIAS, classes);
        Node logits = g.linear(f, wh, bh);
        return new Built(x, y, logits, g.softmaxCrossEntropy(logits, y));
    }

    @Override
    public void initialize(Blocks params, RandomStream rng) {
        for (int i = 0; i < params.count(); i += 2) {
            Tensor w = params.tensor(i);
            int fanIn = w.size() / w.dim(0);
            double bound = 1.0 / Math.sqrt(fanIn);
            rng.fillUniform(w, -bound, bound);
            rng.fillUniform(params.tensor(i + 1), -bound, bound);
        }
    }
}
