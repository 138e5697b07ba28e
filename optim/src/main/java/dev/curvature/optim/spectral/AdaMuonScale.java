package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * AdaMuon's direction (Si, Zhang &amp; Shen, "AdaMuon: adaptive Muon optimizer", arXiv 2507.11005;
 * Chongjie-Si/AdaMuon@gpt2/models/optimizers/adamuon.py) for each A×B block of the (Nesterov)
 * momentum U:
 *
 * <pre>
 * O = NS5(sign(U))                      # sign-stabilised (the official code; sign = false drops it)
 * V ← β2·V + (1 − β2)·O ⊙ O             # element-wise; β2 = the momentum in the official code
 * Ô = O / (√V + ε)
 * u = 0.2·√(A·B) / (‖Ô‖_F + ε) · Ô      # RMS-aligned: RMS(u) = 0.2 exactly (up to ε)
 * </pre>
 *
 * V is not bias-corrected (the repository's top-level {@code adamuon.py}, a different version,
 * uses β2 = 0.999 with bias correction and no sign). Weight decay and the learning rate follow in
 * the chain.
 */
public final class AdaMuonScale implements Transform {
    private final double beta2;
    private final double eps;
    private final boolean sign;
    private final State.Key<SpectralBlocks> blocks;

    public AdaMuonScale(String method, int steps, double beta2, double eps, boolean sign) {
        this.beta2 = Check.unitInterval("adamuon", "beta2", beta2);
        this.eps = Check.positive("adamuon", "eps", eps);
        this.sign = sign;
        this.blocks = SpectralBlocks.key("adamuon", false, Polar.engine(method, steps));
    }

    @Override
    public String name() {
        return "scale_by_adamuon";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check("adamuon", params, false);
        State s = new State(name());
        s.addBuffer("v", params.zerosLike(stateDType));
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        SpectralBlocks b = state.attachment(blocks);
        Tensor[] o = b.of(updates);
        Blocks v = state.buffer("v");
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0; k < o.length; k++) {
            Tensor ut = updates.tensor(k);
            if (sign) {
                ut.sign();
            }
            b.engine(k).polar(o[k], o[k]);
            Tensor vt = v.tensor(k);
            double ss = 0;
            for (int start = 0, n = ut.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int off = s.open(start, len, ut, vt);
                double[] g = s.array(0);
                double[] m = s.array(1);
                for (int i = off, e = off + len; i < e; i++) {
                    double oi = g[i];
                    double vi = beta2 * m[i] + (1 - beta2) * oi * oi;
                    m[i] = vi;
                    double q = oi / (Math.sqrt(vi) + eps);
                    g[i] = q;
                    ss += q * q;
                }
                s.commit(1, vt, start, len);
                s.commit(0, ut, start, len);
            }
            double scale = 0.2 * Math.sqrt((double) o[k].rows() * o[k].cols()) / (Math.sqrt(ss) + eps);
            ut.scale(scale);
        }
    }

    @Override
    public String toString() {
        return "scale_by_adamuon(beta2=" + beta2 + ", eps=" + eps + ", sign=" + sign + ")";
    }
}
