package dev.curvature.nn;

import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;

/**
 * Elementwise activations y = σ(x) with dx += dy·σ′(x):
 * ReLU max(x, 0); tanh; GELU in the tanh form of Hendrycks &amp; Gimpel ("Gaussian error linear
 * units", 2016), ½x(1 + tanh(√(2/π)(x + 0.044715x³))) — torch's {@code GELU(approximate='tanh')},
 * as in GPT-2 (the exact erf form needs an erf, which Java's Math lacks).
 */
final class Activation extends Node {
    /** The activation functions. */
    enum Kind { RELU, TANH, GELU }

    private static final double GELU_C = Math.sqrt(2 / Math.PI);

    private final Kind kind;
    /** tanh(·) of the forward pass for GELU, kept for backward (saves one tanh per element). */
    private final Tensor saved;

    Activation(Kind kind, Node x) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT), Tensor.zerosLike(x.value()), x.requiresGrad(), x);
        this.kind = kind;
        this.saved = kind == Kind.GELU && x.requiresGrad() ? Tensor.zerosLike(x.value()) : null;
    }

    @Override
    protected void forward() {
        Tensor xt = inputs[0].value();
        Float64Chunks s = Float64Chunks.local();
        for (int start = 0, n = xt.size(); start < n; start += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, n - start);
            double[] x = s.load(0, xt, start, len);
            double[] y = s.buffer(1);
            switch (kind) {
                case RELU -> {
                    for (int i = 0; i < len; i++) {
                        y[i] = x[i] > 0 ? x[i] : 0;
                    }
                }
                case TANH -> {
                    for (int i = 0; i < len; i++) {
                        y[i] = Math.tanh(x[i]);
                    }
                }
                case GELU -> {
                    double[] t = s.buffer(2);
                    for (int i = 0; i < len; i++) {
                        double v = x[i];
                        t[i] = Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
                        y[i] = 0.5 * v * (1 + t[i]);
                    }
                    if (saved != null) {
                        s.store(t, saved, start, len);
                    }
                }
            }
            s.store(y, value, start, len);
        }
    }

    @Override
    protected void backward() {
        Tensor xt = inputs[0].value();
        Tensor dxt = inputs[0].grad();
        Float64Chunks s = Float64Chunks.local();
        for (int start = 0, n = xt.size(); start < n; start += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, n - start);
            double[] x = s.load(0, xt, start, len);
            double[] dy = s.load(1, grad, start, len);
            double[] dx = s.load(2, dxt, start, len);
            double[] th = kind == Kind.GELU ? s.load(3, saved, start, len) : null;
            switch (kind) {
                case RELU -> {
                    for (int i = 0; i < len; i++) {
                        dx[i] += x[i] > 0 ? dy[i] : 0;
                    }
                }
                case TANH -> {
                    for (int i = 0; i < len; i++) {
                        double t = Math.tanh(x[i]);
                        dx[i] += dy[i] * (1 - t * t);
                    }
                }
                case GELU -> {
                    for (int i = 0; i < len; i++) {
                        double v = x[i];
                        double t = th[i];
                        double du = GELU_C * (1 + 3 * 0.044715 * v * v);
                        dx[i] += dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du);
                    }
                }
            }
            s.store(dx, dxt, start, len);
        }
    }
}
