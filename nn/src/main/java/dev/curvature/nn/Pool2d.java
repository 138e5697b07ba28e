package dev.curvature.nn;

import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;

/**
 * 2-D pooling over windows k×k with stride s (no padding) of x [B, C, H, W], output
 * [B, C, ⌊(H − k)/s⌋ + 1, ⌊(W − k)/s⌋ + 1] (torch's {@code MaxPool2d}/{@code AvgPool2d}).
 * Max: y = max over the window, and the gradient goes to the arg-max (the first one on ties, as
 * torch); average: y = mean over the window, and each element receives dy/k².
 */
final class Pool2d extends Node {
    /** The pooling rules. */
    enum Kind { MAX, AVG }

    private final Kind kind;
    private final int planes;
    private final int h;
    private final int w;
    private final int ho;
    private final int wo;
    private final int k;
    private final int stride;
    private final int[] argmax;
    private final double[] in;
    private final double[] outRow;

    Pool2d(Kind kind, Node x, int k, int stride) {
        super(kind == Kind.MAX ? "max_pool2d" : "avg_pool2d",
                Tensor.zeros(x.value().dtype(), outShape(x, k, stride)), x.requiresGrad(), x);
        int[] s = x.shape();
        this.kind = kind;
        this.planes = s[0] * s[1];
        this.h = s[2];
        this.w = s[3];
        this.ho = value.dim(2);
        this.wo = value.dim(3);
        this.k = k;
        this.stride = stride;
        this.argmax = kind == Kind.MAX ? new int[value.size()] : null;
        this.in = new double[h * w];
        this.outRow = new double[ho * wo];
    }

    private static int[] outShape(Node x, int k, int stride) {
        int[] s = x.shape();
        if (s.length != 4) {
            throw new ShapeException("pool2d: input " + Tensor.shapeString(s) + " is not [B, C, H, W]");
        }
        if (k < 1 || stride < 1 || k > s[2] || k > s[3]) {
            throw new IllegalArgumentException("pool2d: window " + k + " with stride " + stride
                    + " does not fit input " + Tensor.shapeString(s));
        }
        return new int[] {s[0], s[1], (s[2] - k) / stride + 1, (s[3] - k) / stride + 1};
    }

    @Override
    protected void forward() {
        Tensor x = Flat.contiguous(inputs[0].value(), op());
        double inv = 1.0 / (k * k);
        for (int pl = 0; pl < planes; pl++) {
            Flat.load(x, pl * h * w, in, h * w);
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    int base = i * stride * w + j * stride;
                    if (kind == Kind.MAX) {
                        int best = base;
                        double m = in[base];
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int idx = base + u * w + v;
                                if (in[idx] > m) {
                                    m = in[idx];
                                    best = idx;
                                }
                            }
                        }
                        outRow[i * wo + j] = m;
                        argmax[pl * ho * wo + i * wo + j] = best;
                    } else {
                        double s = 0;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                s += in[base + u * w + v];
                            }
                        }
                        outRow[i * wo + j] = s * inv;
                    }
                }
            }
            Flat.store(outRow, value, pl * ho * wo, ho * wo);
        }
    }

    @Override
    protected void backward() {
        Tensor dx = Flat.contiguous(inputs[0].grad(), op());
        double inv = 1.0 / (k * k);
        for (int pl = 0; pl < planes; pl++) {
            Flat.load(grad, pl * ho * wo, outRow, ho * wo);
            java.util.Arrays.fill(in, 0.0);
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    double g = outRow[i * wo + j];
                    if (kind == Kind.MAX) {
                        in[argmax[pl * ho * wo + i * wo + j]] += g;
                    } else {
                        int base = i * stride * w + j * stride;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                in[base + u * w + v] += g * inv;
                            }
                        }
                    }
                }
            }
            Flat.accumulate(in, dx, pl * h * w, h * w);
        }
    }
}
