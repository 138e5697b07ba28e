package dev.curvature.nn;

import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;

/**
 * Layer normalization over the last axis (Ba, Kiros &amp; Hinton, "Layer normalization", 2016;
 * torch's {@code LayerNorm}): for each row x of length d, x̂ = (x − μ)/√(σ² + ε) with the biased
 * variance σ², and y = g ⊙ x̂ + b. Backward, with ĝ = g ⊙ dy:
 * dx = (ĝ − mean(ĝ) − x̂·mean(ĝ ⊙ x̂))/√(σ² + ε), dg += Σ_rows dy ⊙ x̂, db += Σ_rows dy.
 */
final class LayerNorm extends Node {
    private final int rows;
    private final int d;
    private final double eps;
    private final double[] mean;
    private final double[] rstd;
    private final double[] xr;
    private final double[] yr;
    private final double[] gr;
    private final double[] br;
    private final double[] dgain;
    private final double[] dbias;

    LayerNorm(Node x, Node gain, Node bias, double eps) {
        super("layer_norm", Tensor.zerosLike(x.value()), anyRequiresGrad(x, gain)
                || (bias != null && bias.requiresGrad()), bias == null ? new Node[] {x, gain} : new Node[] {x, gain, bias});
        int[] s = x.shape();
        this.d = s[s.length - 1];
        if (gain.shape().length != 1 || gain.shape()[0] != d || (bias != null && bias.value().size() != d)) {
            throw new ShapeException("layer_norm: gain " + Tensor.shapeString(gain.shape()) + (bias == null ? ""
                    : " and bias " + Tensor.shapeString(bias.shape())) + " must have the last axis of "
                    + Tensor.shapeString(s));
        }
        this.rows = x.value().size() / d;
        this.eps = eps;
        this.mean = new double[rows];
        this.rstd = new double[rows];
        this.xr = new double[d];
        this.yr = new double[d];
        this.gr = new double[d];
        this.br = new double[d];
        this.dgain = new double[d];
        this.dbias = new double[d];
    }

    @Override
    protected void forward() {
        Tensor x = Flat.contiguous(inputs[0].value(), "layer_norm");
        Flat.load(inputs[1].value(), 0, gr, d);
        if (inputs.length == 3) {
            Flat.load(inputs[2].value(), 0, br, d);
        } else {
            java.util.Arrays.fill(br, 0.0);
        }
        for (int r = 0; r < rows; r++) {
            Flat.load(x, r * d, xr, d);
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += xr[i];
            }
            double mu = s / d;
            double v = 0;
            for (int i = 0; i < d; i++) {
                double c = xr[i] - mu;
                v += c * c;
            }
            double rs = 1.0 / Math.sqrt(v / d + eps);
            mean[r] = mu;
            rstd[r] = rs;
            for (int i = 0; i < d; i++) {
                yr[i] = (xr[i] - mu) * rs * gr[i] + br[i];
            }
            Flat.store(yr, value, r * d, d);
        }
    }

    @Override
    protected void backward() {
        Tensor x = inputs[0].value();
        Tensor dx = inputs[0].requiresGrad() ? Flat.contiguous(inputs[0].grad(), "layer_norm") : null;
        Flat.load(inputs[1].value(), 0, gr, d);
        java.util.Arrays.fill(dgain, 0.0);
        java.util.Arrays.fill(dbias, 0.0);
        for (int r = 0; r < rows; r++) {
            Flat.load(x, r * d, xr, d);
            Flat.load(grad, r * d, yr, d);
            double mu = mean[r];
            double rs = rstd[r];
            double sg = 0;
            double sgx = 0;
            for (int i = 0; i < d; i++) {
                double xh = (xr[i] - mu) * rs;
                double dy = yr[i];
                dgain[i] += dy * xh;
                dbias[i] += dy;
                double gh = dy * gr[i];
                sg += gh;
                sgx += gh * xh;
                xr[i] = xh;
                yr[i] = gh;
            }
            if (dx != null) {
                double mg = sg / d;
                double mgx = sgx / d;
                for (int i = 0; i < d; i++) {
                    yr[i] = (yr[i] - mg - xr[i] * mgx) * rs;
                }
                Flat.accumulate(yr, dx, r * d, d);
            }
        }
        if (inputs[1].requiresGrad()) {
            Flat.accumulate(dgain, inputs[1].grad(), 0, d);
        }
        if (inputs.length == 3 && inputs[2].requiresGrad()) {
            Flat.accumulate(dbias, inputs[2].grad(), 0, d);
        }
    }
}
