package dev.curvature.nn;

import dev.curvature.core.DType;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;

/**
 * Embedding lookup (torch's {@code Embedding}): for integer indices i [...] and a table E [V, d],
 * y[..., :] = E[i[...], :]. Backward scatter-adds: dE[i, :] += dy[..., :] for every position
 * holding index i (repeated indices accumulate). Indices get no gradient.
 */
final class Embedding extends Node {
    private final int count;
    private final int vocab;
    private final int d;

    Embedding(Node indices, Node table) {
        super("embedding", Tensor.zeros(table.value().dtype(), outShape(indices, table)), table.requiresGrad(),
                indices, table);
        this.count = indices.value().size();
        this.vocab = table.shape()[0];
        this.d = table.shape()[1];
    }

    private static int[] outShape(Node indices, Node table) {
        if (table.shape().length != 2) {
            throw new ShapeException("embedding: table " + Tensor.shapeString(table.shape()) + " is not [V, d]");
        }
        int[] s = indices.shape();
        int[] o = java.util.Arrays.copyOf(s, s.length + 1);
        o[s.length] = table.shape()[1];
        return o;
    }

    private int index(Tensor idx, int i) {
        double v = idx.getFlat(i);
        int k = (int) v;
        if (k != v || k < 0 || k >= vocab) {
            throw new IllegalArgumentException("embedding: index " + v + " at position " + i
                    + " is not in [0, " + vocab + ")");
        }
        return k;
    }

    @Override
    protected void forward() {
        Tensor idx = inputs[0].value();
        Tensor e = Flat.contiguous(inputs[1].value(), "embedding");
        if (value.dtype() == DType.F32) {
            float[] src = e.floatData();
            float[] dst = value.floatData();
            for (int i = 0; i < count; i++) {
                System.arraycopy(src, e.offset() + index(idx, i) * d, dst, i * d, d);
            }
        } else {
            double[] src = e.doubleData();
            double[] dst = value.doubleData();
            for (int i = 0; i < count; i++) {
                System.arraycopy(src, e.offset() + index(idx, i) * d, dst, i * d, d);
            }
        }
    }

    @Override
    protected void backward() {
        Tensor idx = inputs[0].value();
        Tensor de = Flat.contiguous(inputs[1].grad(), "embedding");
        if (value.dtype() == DType.F32) {
            float[] src = grad.floatData();
            float[] dst = de.floatData();
            for (int i = 0; i < count; i++) {
                int o = de.offset() + index(idx, i) * d;
                int s = i * d;
                for (int j = 0; j < d; j++) {
                    dst[o + j] += src[s + j];
                }
            }
        } else {
            double[] src = grad.doubleData();
            double[] dst = de.doubleData();
            for (int i = 0; i < count; i++) {
                int o = de.offset() + index(idx, i) * d;
                int s = i * d;
                for (int j = 0; j < d; j++) {
                    dst[o + j] += src[s + j];
                }
            }
        }
    }
}
