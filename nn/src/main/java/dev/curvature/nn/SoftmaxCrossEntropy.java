package dev.curvature.nn;

import dev.curvature.core.Float64Chunks;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;

/**
 * Mean softmax cross-entropy of logits z [n, V] against class indices y [n] (torch's
 * {@code cross_entropy}): L = (1/n)·Σ_i (log Σ_j e^{z_ij} − z_{i,y_i}), computed with the max
 * subtracted. Backward: dz_ij += (p_ij − [j = y_i])·dL/n with the softmax p saved by forward.
 */
final class SoftmaxCrossEntropy extends Node {
    private final int n;
    private final int classes;
    private final Tensor probs;

    SoftmaxCrossEntropy(Node logits, Node labels) {
        super("softmax_cross_entropy", Tensor.zeros(logits.value().dtype()), logits.requiresGrad(), logits, labels);
        int[] s = logits.shape();
        this.classes = s[s.length - 1];
        this.n = logits.value().size() / classes;
        if (labels.value().size() != n) {
            throw new ShapeException("softmax_cross_entropy: logits " + Tensor.shapeString(s) + " need " + n
                    + " labels, got shape " + Tensor.shapeString(labels.shape()));
        }
        this.probs = Tensor.zeros(logits.value().dtype(), n, classes);
    }

    @Override
    protected void forward() {
        Tensor z = inputs[0].value();
        Tensor y = inputs[1].value();
        Float64Chunks s = Float64Chunks.local();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int label = label(y, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int c0 = 0; c0 < classes; c0 += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, classes - c0);
                double[] zv = s.load(0, z, i * classes + c0, len);
                for (int j = 0; j < len; j++) {
                    max = Math.max(max, zv[j]);
                }
            }
            double sum = 0;
            for (int c0 = 0; c0 < classes; c0 += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, classes - c0);
                double[] zv = s.load(0, z, i * classes + c0, len);
                double[] e = s.buffer(1);
                for (int j = 0; j < len; j++) {
                    e[j] = Math.exp(zv[j] - max);
                    sum += e[j];
                }
                s.store(e, probs, i * classes + c0, len);
            }
            double inv = 1.0 / sum;
            for (int c0 = 0; c0 < classes; c0 += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, classes - c0);
                double[] p = s.load(1, probs, i * classes + c0, len);
                for (int j = 0; j < len; j++) {
                    p[j] *= inv;
                }
                s.store(p, probs, i * classes + c0, len);
            }
            total += Math.log(sum) + max - z.getFlat(i * classes + label);
        }
        value.setFlat(0, total / n);
    }

    @Override
    protected void backward() {
        Tensor dz = inputs[0].grad();
        Tensor y = inputs[1].value();
        double scale = grad.getFlat(0) / n;
        Float64Chunks s = Float64Chunks.local();
        for (int i = 0; i < n; i++) {
            int label = label(y, i);
            for (int c0 = 0; c0 < classes; c0 += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, classes - c0);
                double[] p = s.load(0, probs, i * classes + c0, len);
                double[] d = s.load(1, dz, i * classes + c0, len);
                for (int j = 0; j < len; j++) {
                    d[j] += scale * (p[j] - (c0 + j == label ? 1 : 0));
                }
                s.store(d, dz, i * classes + c0, len);
            }
        }
    }

    /** The softmax probabilities of the last forward pass, [n, V]. */
    Tensor probabilities() {
        return probs;
    }

    private int label(Tensor y, int i) {
        double v = y.getFlat(i);
        int label = (int) v;
        if (label != v || label < 0 || label >= classes) {
            throw new IllegalArgumentException("softmax_cross_entropy: label " + v + " at row " + i
                    + " is not a class index in [0, " + classes + ")");
        }
        return label;
    }
}
