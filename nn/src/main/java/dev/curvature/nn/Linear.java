package dev.curvature.nn;

import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;

/**
 * A fully connected layer in torch's layout: y = x·Wᵀ + b with W [out, in] (so W is the
 * fan_out × fan_in matrix Muon-type methods orthogonalize) and x [..., in] (leading axes
 * flattened into rows). Backward: dx += dy·W, dW += dyᵀ·x, db += Σ_rows dy.
 */
final class Linear extends Node {
    private final int rows;
    private final int in;
    private final int out;
    private final Tensor x2;
    private final Tensor y2;
    private final Tensor dx2;
    private final Tensor dy2;

    Linear(Node x, Node w, Node b) {
        super("linear", Tensor.zeros(x.value().dtype(), outShape(x, w)), anyRequiresGrad(x, w)
                || (b != null && b.requiresGrad()), b == null ? new Node[] {x, w} : new Node[] {x, w, b});
        this.in = w.shape()[1];
        this.out = w.shape()[0];
        this.rows = x.value().size() / in;
        this.x2 = x.value().reshape(rows, in);
        this.y2 = value.reshape(rows, out);
        this.dx2 = x.requiresGrad() ? x.grad().reshape(rows, in) : null;
        this.dy2 = grad == null ? null : grad.reshape(rows, out);
    }

    private static int[] outShape(Node x, Node w) {
        int[] s = x.shape();
        if (w.shape().length != 2 || s[s.length - 1] != w.shape()[1]) {
            throw new dev.curvature.core.ShapeException("linear: input " + Tensor.shapeString(s)
                    + " does not match weight " + Tensor.shapeString(w.shape()) + " (expected last axis "
                    + w.shape()[1] + ")");
        }
        s[s.length - 1] = w.shape()[0];
        return s;
    }

    @Override
    protected void forward() {
        Linalg.gemm(1.0, x2, inputs[1].value().t(), 0.0, y2);
        if (inputs.length == 3) {
            Rows.addRowVector(y2, inputs[2].value(), rows, out);
        }
    }

    @Override
    protected void backward() {
        Node w = inputs[1];
        if (dx2 != null) {
            Linalg.gemm(1.0, dy2, w.value(), 1.0, dx2);
        }
        if (w.requiresGrad()) {
            Linalg.gemm(1.0, dy2.t(), x2, 1.0, w.grad());
        }
        if (inputs.length == 3 && inputs[2].requiresGrad()) {
            Rows.addColumnSums(inputs[2].grad(), dy2, rows, out);
        }
    }
}
