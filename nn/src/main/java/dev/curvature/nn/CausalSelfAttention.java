package dev.curvature.nn;

import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;

/**
 * Causal multi-head scaled dot-product attention (Vaswani et al., "Attention is all you need",
 * NeurIPS 2017; the masked form of GPT, Radford et al. 2018/2019), fused into one node over the
 * projected queries, keys and values qkv [B, T, 3d] (q, k, v side by side, as GPT-2's
 * {@code c_attn}). For every sequence and head h (d_h = d/heads columns):
 * S = Q_h·K_hᵀ/√d_h, P = softmax(S) over keys j ≤ i (future positions masked), Y_h = P·V_h,
 * and the heads are concatenated into y [B, T, d].
 *
 * <p>Backward, per sequence and head: dV_h += Pᵀ·dY_h, dP = dY_h·V_hᵀ,
 * dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ_h += dS·K_h/√d_h, dK_h += dSᵀ·Q_h/√d_h. The products are
 * GEMMs on strided views of the buffers (no copies); the probabilities P are kept for backward.
 */
final class CausalSelfAttention extends Node {
    private final int batch;
    private final int t;
    private final int d;
    private final int heads;
    private final int dh;
    private final double scale;
    private final Tensor probs;
    private final Tensor dp;
    private final double[] row;
    private final double[] row2;
    private Tensor qkvSource;
    private Tensor dqkvSource;
    private Tensor[] q;
    private Tensor[] k;
    private Tensor[] v;
    private Tensor[] dq;
    private Tensor[] dk;
    private Tensor[] dv;
    private final Tensor[] y;
    private final Tensor[] dy;
    private final Tensor[] p;

    CausalSelfAttention(Node qkv, int heads) {
        super("causal_self_attention", Tensor.zeros(qkv.value().dtype(), outShape(qkv, heads)), qkv.requiresGrad(),
                qkv);
        int[] s = qkv.shape();
        this.batch = s[0];
        this.t = s[1];
        this.d = s[2] / 3;
        this.heads = heads;
        this.dh = d / heads;
        this.scale = 1.0 / Math.sqrt(dh);
        this.probs = Tensor.zeros(value.dtype(), batch * heads * t, t);
        this.dp = Tensor.zeros(value.dtype(), t, t);
        this.row = new double[t];
        this.row2 = new double[t];
        int n = batch * heads;
        this.y = new Tensor[n];
        this.dy = new Tensor[n];
        this.p = new Tensor[n];
        Tensor y2 = value.reshape(batch * t, d);
        Tensor dy2 = grad == null ? null : grad.reshape(batch * t, d);
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int i = b * heads + h;
                y[i] = y2.block(b * t, h * dh, t, dh);
                dy[i] = dy2 == null ? null : dy2.block(b * t, h * dh, t, dh);
                p[i] = probs.block(i * t, 0, t, t);
            }
        }
    }

    private static int[] outShape(Node qkv, int heads) {
        int[] s = qkv.shape();
        if (s.length != 3 || s[2] % 3 != 0 || heads < 1 || (s[2] / 3) % heads != 0) {
            throw new ShapeException("causal_self_attention: qkv " + Tensor.shapeString(s)
                    + " must be [B, T, 3d] with d divisible by heads = " + heads);
        }
        return new int[] {s[0], s[1], s[2] / 3};
    }

    /** Per-head views of q, k, v (and their gradients) in the qkv buffers, rebuilt when those are rebound. */
    private void views() {
        Tensor src = inputs[0].value();
        if (src != qkvSource) {
            qkvSource = src;
            q = split(Flat.contiguous(src, op()), 0);
            k = split(src, d);
            v = split(src, 2 * d);
        }
        Tensor g = inputs[0].grad();
        if (g != null && g != dqkvSource) {
            dqkvSource = g;
            dq = split(Flat.contiguous(g, op()), 0);
            dk = split(g, d);
            dv = split(g, 2 * d);
        }
    }

    private Tensor[] split(Tensor qkv, int column) {
        Tensor m = qkv.reshape(batch * t, 3 * d);
        Tensor[] out = new Tensor[batch * heads];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                out[b * heads + h] = m.block(b * t, column + h * dh, t, dh);
            }
        }
        return out;
    }

    @Override
    protected void forward() {
        views();
        for (int i = 0; i < batch * heads; i++) {
            Tensor pi = p[i];
            Linalg.gemm(scale, q[i], k[i].t(), 0.0, pi);
            int base = i * t * t;
            for (int r = 0; r < t; r++) {
                int len = r + 1;
                Flat.load(probs, base + r * t, row, len);
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    m = Math.max(m, row[j]);
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    double e = Math.exp(row[j] - m);
                    row[j] = e;
                    sum += e;
                }
                double inv = 1.0 / sum;
                for (int j = 0; j < len; j++) {
                    row[j] *= inv;
                }
                for (int j = len; j < t; j++) {
                    row[j] = 0.0;
                }
                Flat.store(row, probs, base + r * t, t);
            }
            Linalg.gemm(1.0, pi, v[i], 0.0, y[i]);
        }
    }

    @Override
    protected void backward() {
        views();
        for (int i = 0; i < batch * heads; i++) {
            Tensor pi = p[i];
            Linalg.gemm(1.0, pi.t(), dy[i], 1.0, dv[i]);
            Linalg.gemm(1.0, dy[i], v[i].t(), 0.0, dp);
            int base = i * t * t;
            for (int r = 0; r < t; r++) {
                int len = r + 1;
                Flat.load(probs, base + r * t, row, len);
                Flat.load(dp, r * t, row2, len);
                double s = 0;
                for (int j = 0; j < len; j++) {
                    s += row[j] * row2[j];
                }
                for (int j = 0; j < len; j++) {
                    row2[j] = row[j] * (row2[j] - s);
                }
                for (int j = len; j < t; j++) {
                    row2[j] = 0.0;
                }
                Flat.store(row2, dp, r * t, t);
            }
            Linalg.gemm(scale, dp, k[i], 1.0, dq[i]);
            Linalg.gemm(scale, dp.t(), q[i], 1.0, dk[i]);
        }
    }
}
