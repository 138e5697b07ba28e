package dev.curvature.nn;

import dev.curvature.core.DType;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;

/**
 * 2-D convolution (cross-correlation, as torch's {@code Conv2d}) of x [B, C, H, W] with a kernel
 * W [O, C, kh, kw] and optional bias b [O], stride s and zero padding p:
 * y[n, o, i, j] = b[o] + Σ_{c,u,v} W[o, c, u, v]·x[n, c, s·i − p + u, s·j − p + v], with
 * H_out = ⌊(H + 2p − kh)/s⌋ + 1 (and likewise W_out).
 *
 * <p>Computed as one GEMM through im2col (Chellapilla, Puri &amp; Simard, "High performance
 * convolutional neural networks for document processing", 2006): the patches of all images are
 * the rows of col [B·P, K] (P = H_out·W_out positions, K = C·kh·kw), so Y = col·Wᵀ [B·P, O], which
 * is permuted to NCHW. Backward: dW += dYᵀ·col, dcol = dY·W, and col2im scatter-adds dcol into dx
 * (the transpose of the gather). A precomputed table maps every (position, patch element) to its
 * input offset, or −1 in the padding.
 */
final class Conv2d extends Node {
    private final int batch;
    private final int channels;
    private final int out;
    private final int positions;
    private final int patch;
    private final int imageSize;
    private final int[] gather;
    private final Tensor col;
    private final Tensor yRows;
    private final Tensor dyRows;
    private final Tensor dcol;
    private Tensor wSource;
    private Tensor wMatrix;
    private Tensor dwSource;
    private Tensor dwMatrix;

    Conv2d(Node x, Node w, Node b, int stride, int padding) {
        super("conv2d", Tensor.zeros(x.value().dtype(), outShape(x, w, stride, padding)),
                anyRequiresGrad(x, w) || (b != null && b.requiresGrad()),
                b == null ? new Node[] {x, w} : new Node[] {x, w, b});
        int[] xs = x.shape();
        int[] ws = w.shape();
        this.batch = xs[0];
        this.channels = xs[1];
        int h = xs[2];
        int wd = xs[3];
        this.out = ws[0];
        int kh = ws[2];
        int kw = ws[3];
        int ho = value.dim(2);
        int wo = value.dim(3);
        this.positions = ho * wo;
        this.patch = channels * kh * kw;
        this.imageSize = channels * h * wd;
        if (b != null && (b.shape().length != 1 || b.shape()[0] != out)) {
            throw new ShapeException("conv2d: bias " + Tensor.shapeString(b.shape()) + " does not match " + out
                    + " output channels");
        }
        this.gather = new int[positions * patch];
        for (int i = 0; i < ho; i++) {
            for (int j = 0; j < wo; j++) {
                int row = (i * wo + j) * patch;
                for (int c = 0; c < channels; c++) {
                    for (int u = 0; u < kh; u++) {
                        for (int v = 0; v < kw; v++) {
                            int iy = i * stride - padding + u;
                            int ix = j * stride - padding + v;
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
                            gather[row + (c * kh + u) * kw + v] = inside ? (c * h + iy) * wd + ix : -1;
                        }
                    }
                }
            }
        }
        DType dt = value.dtype();
        this.col = Tensor.zeros(dt, batch * positions, patch);
        this.yRows = Tensor.zeros(dt, batch * positions, out);
        this.dyRows = requiresGrad() ? Tensor.zeros(dt, batch * positions, out) : null;
        this.dcol = x.requiresGrad() ? Tensor.zeros(dt, batch * positions, patch) : null;
    }

    private static int[] outShape(Node x, Node w, int stride, int padding) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new ShapeException("conv2d: input " + Tensor.shapeString(xs) + " [B, C, H, W] does not match kernel "
                    + Tensor.shapeString(ws) + " [O, C, kh, kw]");
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: stride = " + stride + " must be >= 1 and padding = " + padding
                    + " >= 0");
        }
        int ho = (xs[2] + 2 * padding - ws[2]) / stride + 1;
        int wo = (xs[3] + 2 * padding - ws[3]) / stride + 1;
        if (ho < 1 || wo < 1) {
            throw new ShapeException("conv2d: kernel " + Tensor.shapeString(ws) + " does not fit input "
                    + Tensor.shapeString(xs) + " with padding " + padding);
        }
        return new int[] {xs[0], ws[0], ho, wo};
    }

    private Tensor weightMatrix() {
        Tensor w = inputs[1].value();
        if (w != wSource) {
            wSource = w;
            wMatrix = w.reshape(out, patch);
        }
        return wMatrix;
    }

    private Tensor weightGradMatrix() {
        Tensor g = inputs[1].grad();
        if (g != dwSource) {
            dwSource = g;
            dwMatrix = g.reshape(out, patch);
        }
        return dwMatrix;
    }

    @Override
    protected void forward() {
        Tensor x = Flat.contiguous(inputs[0].value(), "conv2d");
        int n = positions * patch;
        if (x.dtype() == DType.F32) {
            float[] xs = x.floatData();
            float[] cs = col.floatData();
            for (int b = 0; b < batch; b++) {
                int xo = x.offset() + b * imageSize;
                int co = b * n;
                for (int i = 0; i < n; i++) {
                    int g = gather[i];
                    cs[co + i] = g >= 0 ? xs[xo + g] : 0f;
                }
            }
        } else {
            double[] xs = x.doubleData();
            double[] cs = col.doubleData();
            for (int b = 0; b < batch; b++) {
                int xo = x.offset() + b * imageSize;
                int co = b * n;
                for (int i = 0; i < n; i++) {
                    int g = gather[i];
                    cs[co + i] = g >= 0 ? xs[xo + g] : 0.0;
                }
            }
        }
        Linalg.gemm(1.0, col, weightMatrix().t(), 0.0, yRows);
        Tensor bias = inputs.length == 3 ? inputs[2].value() : null;
        // NHWC rows to NCHW, adding the bias on the way.
        if (value.dtype() == DType.F32) {
            float[] y = value.floatData();
            float[] r = yRows.floatData();
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    float bo = bias == null ? 0f : (float) bias.getFlat(o);
                    int yo = (b * out + o) * positions;
                    int ro = b * positions * out + o;
                    for (int p = 0; p < positions; p++) {
                        y[yo + p] = r[ro + p * out] + bo;
                    }
                }
            }
        } else {
            double[] y = value.doubleData();
            double[] r = yRows.doubleData();
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    double bo = bias == null ? 0.0 : bias.getFlat(o);
                    int yo = (b * out + o) * positions;
                    int ro = b * positions * out + o;
                    for (int p = 0; p < positions; p++) {
                        y[yo + p] = r[ro + p * out] + bo;
                    }
                }
            }
        }
    }

    @Override
    protected void backward() {
        // NCHW gradient to NHWC rows; bias gradient as the sum over images and positions.
        boolean biasGrad = inputs.length == 3 && inputs[2].requiresGrad();
        Tensor db = biasGrad ? inputs[2].grad() : null;
        if (value.dtype() == DType.F32) {
            float[] dy = grad.floatData();
            float[] r = dyRows.floatData();
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    int yo = (b * out + o) * positions;
                    int ro = b * positions * out + o;
                    double s = 0;
                    for (int p = 0; p < positions; p++) {
                        float v = dy[yo + p];
                        r[ro + p * out] = v;
                        s += v;
                    }
                    if (db != null) {
                        db.setFlat(o, db.getFlat(o) + s);
                    }
                }
            }
        } else {
            double[] dy = grad.doubleData();
            double[] r = dyRows.doubleData();
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    int yo = (b * out + o) * positions;
                    int ro = b * positions * out + o;
                    double s = 0;
                    for (int p = 0; p < positions; p++) {
                        double v = dy[yo + p];
                        r[ro + p * out] = v;
                        s += v;
                    }
                    if (db != null) {
                        db.setFlat(o, db.getFlat(o) + s);
                    }
                }
            }
        }
        if (inputs[1].requiresGrad()) {
            Linalg.gemm(1.0, dyRows.t(), col, 1.0, weightGradMatrix());
        }
        if (dcol == null) {
            return;
        }
        Linalg.gemm(1.0, dyRows, weightMatrix(), 0.0, dcol);
        Tensor dx = Flat.contiguous(inputs[0].grad(), "conv2d");
        int n = positions * patch;
        if (dx.dtype() == DType.F32) {
            float[] d = dx.floatData();
            float[] cs = dcol.floatData();
            for (int b = 0; b < batch; b++) {
                int xo = dx.offset() + b * imageSize;
                int co = b * n;
                for (int i = 0; i < n; i++) {
                    int g = gather[i];
                    if (g >= 0) {
                        d[xo + g] += cs[co + i];
                    }
                }
            }
        } else {
            double[] d = dx.doubleData();
            double[] cs = dcol.doubleData();
            for (int b = 0; b < batch; b++) {
                int xo = dx.offset() + b * imageSize;
                int co = b * n;
                for (int i = 0; i < n; i++) {
                    int g = gather[i];
                    if (g >= 0) {
                        d[xo + g] += cs[co + i];
                    }
                }
            }
        }
    }
}
