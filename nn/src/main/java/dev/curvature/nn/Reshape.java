package dev.curvature.nn;

import dev.curvature.core.Tensor;

/**
 * A view of its input with another shape of the same size (torch's {@code view}/{@code flatten}):
 * value and gradient share the input's buffers, so forward and backward move no data (gradients
 * written into this node land in the input's gradient). The views follow the input when its
 * buffers are rebound (a parameter bound to new blocks).
 */
final class Reshape extends Node {
    private final int[] newShape;
    private Tensor valueSource;
    private Tensor gradSource;

    Reshape(Node x, int... shape) {
        super("reshape", Flat.contiguous(x.value(), "reshape").reshape(shape), x.requiresGrad(), x);
        this.newShape = value.shape();
        this.valueSource = x.value();
        this.gradSource = x.grad();
        if (x.requiresGrad()) {
            this.grad = x.grad().reshape(newShape);
        }
    }

    @Override
    protected void forward() {
        Tensor v = inputs[0].value();
        if (v != valueSource) {
            valueSource = v;
            value = v.reshape(newShape);
        }
        Tensor g = inputs[0].grad();
        if (g != null && g != gradSource) {
            gradSource = g;
            grad = g.reshape(newShape);
        }
    }

    @Override
    protected void backward() {}
}
