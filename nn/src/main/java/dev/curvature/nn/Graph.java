package dev.curvature.nn;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import java.util.ArrayList;
import java.util.List;

/**
 * A computation graph with reverse-mode differentiation (backpropagation; Rumelhart, Hinton &amp;
 * Williams, Nature 1986), defined once and then run many times: shapes are fixed when the graph is
 * built, every buffer is allocated then, and {@link #forward}/{@link #backward} reuse them, so a
 * training step allocates nothing on the Java side. Nodes are created in topological order (an
 * operation needs its inputs first), which is the forward order; backward runs it in reverse.
 *
 * <p>Parameters are labelled blocks ({@link #parameters()}) that the graph can be {@link #bind
 * bound} to: after {@code bind(x, g)}, the graph reads the parameters from x and writes their
 * gradients into g, which is how a model becomes an optimization {@link dev.curvature.optim.Problem}
 * without copies. Another graph (e.g. with a larger evaluation batch) can be bound to the same
 * blocks.
 *
 * <pre>{@code
 * Graph g = new Graph(DType.F32);
 * Node x = g.input("x", batch, 64), y = g.input("y", batch);
 * Node w1 = g.param("w1", Label.HIDDEN, 128, 64), b1 = g.param("b1", Label.BIAS, 128);
 * Node loss = g.softmaxCrossEntropy(g.linear(g.relu(g.linear(x, w1, b1)), w2, b2), y);
 * double l = g.forward(loss); g.backward(loss);
 * }</pre>
 */
public final class Graph {
    private final DType dtype;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Leaf.Param> params = new ArrayList<>();
    private Blocks boundParams;
    private Blocks boundGrads;

    public Graph(DType dtype) {
        this.dtype = dtype;
    }

    /** The dtype of every value in the graph. */
    public DType dtype() {
        return dtype;
    }

    private <N extends Node> N add(N n) {
        nodes.add(n);
        return n;
    }

    // ------------------------------------------------------------------ leaves

    /** A data input of a fixed shape, filled through {@code node.value()} before each forward pass. */
    public Node input(String name, int... shape) {
        return add(new Leaf.Input(name, Tensor.zeros(dtype, shape)));
    }

    /** A trainable parameter block (initially zeros; models initialize it). */
    public Node param(String name, String label, int... shape) {
        for (Leaf.Param p : params) {
            if (p.name.equals(name)) {
                throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
            }
        }
        Leaf.Param p = add(new Leaf.Param(name, label, Tensor.zeros(dtype, shape)));
        params.add(p);
        boundParams = null;
        return p;
    }

    // ------------------------------------------------------------------ operations

    /** A·B for matrices. */
    public Node matmul(Node a, Node b) {
        return add(new MatMul(a, b));
    }

    /** x·Wᵀ + b with W [out, in] (torch layout); b may be null. */
    public Node linear(Node x, Node w, Node b) {
        return add(new Linear(x, w, b));
    }

    /** a + b, same shapes. */
    public Node add(Node a, Node b) {
        return add(new Add(a, b));
    }

    /** max(x, 0). */
    public Node relu(Node x) {
        return add(new Activation(Activation.Kind.RELU, x));
    }

    /** tanh(x). */
    public Node tanh(Node x) {
        return add(new Activation(Activation.Kind.TANH, x));
    }

    /** GELU, tanh form. */
    public Node gelu(Node x) {
        return add(new Activation(Activation.Kind.GELU, x));
    }

    /**
     * 2-D convolution of x [B, C, H, W] with kernel w [O, C, kh, kw] and bias b [O] (may be null),
     * stride and zero padding; output [B, O, H_out, W_out].
     */
    public Node conv2d(Node x, Node w, Node b, int stride, int padding) {
        return add(new Conv2d(x, w, b, stride, padding));
    }

    /** Max pooling of x [B, C, H, W] over k×k windows with the given stride. */
    public Node maxPool2d(Node x, int k, int stride) {
        return add(new Pool2d(Pool2d.Kind.MAX, x, k, stride));
    }

    /** Average pooling of x [B, C, H, W] over k×k windows with the given stride. */
    public Node avgPool2d(Node x, int k, int stride) {
        return add(new Pool2d(Pool2d.Kind.AVG, x, k, stride));
    }

    /** Layer normalization over the last axis with gain and bias (bias may be null). */
    public Node layerNorm(Node x, Node gain, Node bias, double eps) {
        return add(new LayerNorm(x, gain, bias, eps));
    }

    /** Rows of {@code table} [V, d] at the integer {@code indices} [...]; output [..., d]. */
    public Node embedding(Node indices, Node table) {
        return add(new Embedding(indices, table));
    }

    /** x viewed with another shape (one axis may be −1); shares x's buffers. */
    public Node reshape(Node x, int... shape) {
        return add(new Reshape(x, shape));
    }

    /** x [B, ...] viewed as [B, rest]. */
    public Node flatten(Node x) {
        return add(new Reshape(x, x.shape()[0], -1));
    }

    /** Causal multi-head self-attention over qkv [B, T, 3d] (queries, keys, values side by side); output [B, T, d]. */
    public Node causalSelfAttention(Node qkv, int heads) {
        return add(new CausalSelfAttention(qkv, heads));
    }

    /** Mean softmax cross-entropy of logits [..., V] against class indices. */
    public Node softmaxCrossEntropy(Node logits, Node labels) {
        return add(new SoftmaxCrossEntropy(logits, labels));
    }

    /** Mean squared error. */
    public Node mse(Node pred, Node target) {
        return add(new MeanSquaredError(pred, target));
    }

    /** Registers a node built by an operation class of another package of the library. */
    public Node register(Node n) {
        return add(n);
    }

    // ------------------------------------------------------------------ execution

    /** Runs the forward pass up to {@code target} and returns its value when it is a scalar (else NaN). */
    public double forward(Node target) {
        int end = indexOf(target);
        for (int i = 0; i <= end; i++) {
            nodes.get(i).forward();
        }
        return target.value().size() == 1 ? target.value().getFlat(0) : Double.NaN;
    }

    /**
     * Backpropagates from the scalar {@code loss}: zeroes every gradient (the parameters' too),
     * sets dL/dL = 1, and runs the nodes in reverse. Call after {@link #forward}.
     */
    public void backward(Node loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape "
                    + Tensor.shapeString(loss.shape()));
        }
        int end = indexOf(loss);
        for (int i = 0; i <= end; i++) {
            Node n = nodes.get(i);
            if (n.requiresGrad()) {
                n.grad().fill(0.0);
            }
        }
        loss.grad().fill(1.0);
        for (int i = end; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.requiresGrad()) {
                n.backward();
            }
        }
    }

    private int indexOf(Node n) {
        int i = nodes.lastIndexOf(n);
        if (i < 0) {
            throw new IllegalArgumentException("node " + n + " is not part of this graph");
        }
        return i;
    }

    // ------------------------------------------------------------------ parameters

    /** The parameter blocks in creation order (the graph's own tensors until {@link #bind} is called). */
    public Blocks parameters() {
        if (boundParams == null) {
            Blocks.Builder b = Blocks.builder();
            for (Leaf.Param p : params) {
                b.add(p.name, p.label, p.value());
            }
            boundParams = b.build();
        }
        return boundParams;
    }

    /** Blocks of gradient tensors matching {@link #parameters()} (the ones backward writes into). */
    public Blocks gradients() {
        if (boundGrads == null) {
            Blocks.Builder b = Blocks.builder();
            for (Leaf.Param p : params) {
                b.add(p.name, p.label, p.grad());
            }
            boundGrads = b.build();
        }
        return boundGrads;
    }

    /**
     * Makes the graph read its parameters from {@code x} and write their gradients into {@code g}
     * (same names and shapes as {@link #parameters()}, in order). Cheap: only references change.
     */
    public void bind(Blocks x, Blocks g) {
        if (x == boundParams && g == boundGrads) {
            return;
        }
        parameters().requireSameStructure(x, "bind parameters");
        parameters().requireSameStructure(g, "bind gradients");
        for (int i = 0; i < params.size(); i++) {
            Tensor v = x.tensor(i);
            Tensor d = g.tensor(i);
            if (v.dtype() != dtype || d.dtype() != dtype || !v.isContiguous() || !d.isContiguous()) {
                throw new IllegalArgumentException("bind: block '" + x.block(i).name()
                        + "' must be a contiguous " + dtype + " tensor");
            }
            params.get(i).bind(v, d);
        }
        boundParams = x;
        boundGrads = g;
    }

    /** Number of nodes. */
    public int size() {
        return nodes.size();
    }
}
