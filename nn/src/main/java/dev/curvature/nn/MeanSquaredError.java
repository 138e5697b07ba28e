package dev.curvature.nn;

import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;

/**
 * Mean squared error L = (1/N)·Σ (p − t)² over all N elements (torch's {@code MSELoss}, mean);
 * dp += 2(p − t)·dL/N, and −2(p − t)·dL/N into t when it needs a gradient.
 */
final class MeanSquaredError extends Node {
    MeanSquaredError(Node pred, Node target) {
        super("mse", Tensor.zeros(pred.value().dtype()), anyRequiresGrad(pred, target), pred, target);
        pred.value().requireCompatible(target.value(), "mse");
    }

    @Override
    protected void forward() {
        Tensor p = inputs[0].value();
        Tensor t = inputs[1].value();
        Float64Chunks s = Float64Chunks.local();
        double sum = 0;
        for (int start = 0, n = p.size(); start < n; start += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, n - start);
            double[] pv = s.load(0, p, start, len);
            double[] tv = s.load(1, t, start, len);
            for (int i = 0; i < len; i++) {
                double d = pv[i] - tv[i];
                sum += d * d;
            }
        }
        value.setFlat(0, sum / p.size());
    }

    @Override
    protected void backward() {
        Tensor p = inputs[0].value();
        Tensor t = inputs[1].value();
        double scale = 2 * grad.getFlat(0) / p.size();
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0; k < 2; k++) {
            Node target = inputs[k];
            if (!target.requiresGrad()) {
                continue;
            }
            double sign = k == 0 ? scale : -scale;
            Tensor g = target.grad();
            for (int start = 0, n = p.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                double[] pv = s.load(0, p, start, len);
                double[] tv = s.load(1, t, start, len);
                double[] gv = s.load(2, g, start, len);
                for (int i = 0; i < len; i++) {
                    gv[i] += sign * (pv[i] - tv[i]);
                }
                s.store(gv, g, start, len);
            }
        }
    }
}
