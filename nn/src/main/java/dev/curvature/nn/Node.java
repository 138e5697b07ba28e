package dev.curvature.nn;

import dev.curvature.core.Tensor;

/**
 * A value in a {@link Graph}: the output of an operation on its input nodes, with its gradient
 * dL/d(value) after {@link Graph#backward}. Shapes are fixed when the graph is built and every
 * buffer is allocated then, so running a built graph allocates nothing.
 *
 * <p>An operation implements {@link #forward} (compute {@code value} from the inputs' values) and
 * {@link #backward} (add this node's gradient, pushed through the operation, into the gradients of
 * the inputs that need one). Gradients accumulate: a node used twice receives both contributions.
 */
public abstract class Node {
    private final String op;
    protected final Node[] inputs;
    protected Tensor value;
    protected Tensor grad;
    private final boolean requiresGrad;

    /**
     * @param op           the operation's name (for messages)
     * @param value        the preallocated output buffer
     * @param requiresGrad whether a gradient flows into this node (true when any input needs one)
     */
    protected Node(String op, Tensor value, boolean requiresGrad, Node... inputs) {
        this.op = op;
        this.value = value;
        this.inputs = inputs;
        this.requiresGrad = requiresGrad;
        this.grad = requiresGrad ? Tensor.zerosLike(value) : null;
    }

    /** True when any input needs a gradient. */
    protected static boolean anyRequiresGrad(Node... nodes) {
        for (Node n : nodes) {
            if (n.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    /** Computes {@link #value} from the inputs' values. */
    protected abstract void forward();

    /** Adds the gradient of this node, pulled back through the operation, into the inputs' gradients. */
    protected abstract void backward();

    /** The operation's name. */
    public String op() {
        return op;
    }

    /** The value computed by the last forward pass (live buffer). */
    public Tensor value() {
        return value;
    }

    /** dL/d(value) after the last backward pass (live buffer), or null when no gradient flows here. */
    public Tensor grad() {
        return grad;
    }

    /** True when a gradient flows into this node. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The shape of the value. */
    public int[] shape() {
        return value.shape();
    }

    /** The input nodes. */
    public Node[] inputs() {
        return inputs.clone();
    }

    @Override
    public String toString() {
        return op + Tensor.shapeString(value.shape());
    }
}
