package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * NorMuon's neuron-wise normalization of an orthogonalized update (Li, Liu, Liang, Chen &amp; Zhao,
 * "NorMuon: making Muon more efficient and scalable", arXiv 2510.05491; zichongli5/NorMuon@normuon.py),
 * for each A×B block O (rows = output neurons):
 *
 * <pre>
 * n0 = ‖O‖_F
 * v_i = mean_j O_ij²                       # one value per row
 * V ← β2·V + (1 − β2)·v
 * O_ij ← O_ij / (√V_i + ε)
 * O ← O · n0/(‖O‖_F + ε)                   # the Frobenius norm is kept
 * O ← O · f(A, B)                          # max(1, A/B)^½ in the reference code
 * </pre>
 *
 * V (an A-vector per block, in the state) is not bias-corrected, as in the reference code. Once V
 * has converged to the rows' mean squares, every row of the result has the same RMS.
 */
public final class NorMuonNormalize implements Transform {
    private final double beta2;
    private final double eps;
    private final AdjustLr adjust;

    private static final State.Key<SpectralBlocks> VIEWS = SpectralBlocks.key("normuon", false, null);

    public NorMuonNormalize(double beta2, double eps, AdjustLr adjust) {
        this.beta2 = Check.unitInterval("normuon", "beta2", beta2);
        this.eps = Check.positive("normuon", "eps", eps);
        this.adjust = adjust;
    }

    @Override
    public String name() {
        return "normuon_normalize";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check("normuon", params, false);
        Blocks.Builder v = Blocks.builder();
        for (Blocks.Block b : params) {
            Tensor t = b.tensor();
            v.add(b.name(), b.label(), Tensor.zeros(stateDType == null ? t.dtype() : stateDType, t.dim(0)));
        }
        State s = new State(name());
        s.addBuffer("v", v.build());
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Tensor[] o = state.attachment(VIEWS).of(updates);
        Blocks v = state.buffer("v");
        for (int k = 0; k < o.length; k++) {
            normalize(o[k], v.tensor(k));
        }
    }

    private void normalize(Tensor o, Tensor v) {
        int rows = o.rows();
        int cols = o.cols();
        double n0 = o.norm();
        for (int i = 0; i < rows; i++) {
            double ss = 0;
            for (int j = 0; j < cols; j++) {
                double x = o.get(i, j);
                ss += x * x;
            }
            double vi = beta2 * v.get(i) + (1 - beta2) * (ss / cols);
            v.set(vi, i);
        }
        for (int i = 0; i < rows; i++) {
            double inv = 1.0 / (Math.sqrt(v.get(i)) + eps);
            for (int j = 0; j < cols; j++) {
                o.set(o.get(i, j) * inv, i, j);
            }
        }
        double n1 = o.norm();
        o.scale(n0 / (n1 + eps) * adjust.factor(rows, cols));
    }

    @Override
    public String toString() {
        return "normuon_normalize(beta2=" + beta2 + ", eps=" + eps + ", adjust_lr=" + adjust.id() + ")";
    }
}
