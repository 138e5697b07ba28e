package dev.curvature.nn;

import dev.curvature.core.Tensor;

/** The leaves of a graph: data fed in ({@link Input}) and trainable parameters ({@link Param}). */
final class Leaf {
    private Leaf() {}

    /** Data fed before each forward pass; no gradient. */
    static final class Input extends Node {
        final String name;

        Input(String name, Tensor value) {
            super("input", value, false);
            this.name = name;
        }

        @Override
        protected void forward() {}

        @Override
        protected void backward() {}
    }

    /**
     * A parameter block. Its value and gradient are the tensors of the parameter and gradient
     * {@link dev.curvature.optim.Blocks} the graph is bound to, so optimizers update them in place.
     */
    static final class Param extends Node {
        final String name;
        final String label;

        Param(String name, String label, Tensor value) {
            super("param", value, true);
            this.name = name;
            this.label = label;
        }

        void bind(Tensor newValue, Tensor newGrad) {
            this.value = newValue;
            this.grad = newGrad;
        }

        @Override
        protected void forward() {}

        @Override
        protected void backward() {}
    }
}
