package dev.curvature.nn;

import dev.curvature.core.Tensor;

/** y = a + b (same shape, e.g. a residual connection); da += dy, db += dy. */
final class Add extends Node {
    Add(Node a, Node b) {
        super("add", Tensor.zerosLike(a.value()), anyRequiresGrad(a, b), a, b);
        a.value().requireCompatible(b.value(), "add");
    }

    @Override
    protected void forward() {
        value.assign(inputs[0].value()).add(inputs[1].value());
    }

    @Override
    protected void backward() {
        for (Node n : inputs) {
            if (n.requiresGrad()) {
                n.grad().add(grad);
            }
        }
    }
}
