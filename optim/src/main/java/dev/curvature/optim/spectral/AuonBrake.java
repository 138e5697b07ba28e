package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.util.Locale;

/**
 * AuON's hyperbolic-cosine "brake" (Maity, "AuON: a linear-time alternative to semi-orthogonal
 * momentum updates", arXiv 2509.24320), for each A×B block U (the Nesterov momentum, or NS5 of it
 * in Hybrid-AuON). Two versions exist and both are implemented:
 *
 * <pre>
 * CODE  (ryyzn9/AuON@auon/optimizer.py, HEAD bba2e82, the default here):
 *     r = √( mean_ij cosh(γ·U_ij/(‖U‖_F + 1e-7))² );   u = U/(r + 1e-8)
 * PAPER (the arXiv text, as transcribed by a third party):
 *     G = U/‖U‖_F;   r = √( mean_ij cosh(G_ij)² );       u = G/r · √max(1, A/B)
 * </pre>
 *
 * The code version divides the unnormalised U and has no aspect-ratio factor, so its update scales
 * with the gradient; the paper version is scale-invariant. The code is what runs and fixes the
 * published defaults (lr 0.24, γ = 1.5), hence the default. O(A·B) per step.
 */
public final class AuonBrake implements Transform {

    /** Which published version to follow. */
    public enum Variant {
        CODE, PAPER;

        static Variant parse(String owner, String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "code" -> CODE;
                case "paper" -> PAPER;
                default -> throw new IllegalArgumentException(owner + ": variant = " + s + " is not one of code, paper");
            };
        }
    }

    private final double gamma;
    private final Variant variant;

    private static final State.Key<SpectralBlocks> VIEWS = SpectralBlocks.key("auon", false, null);

    public AuonBrake(double gamma, String variant) {
        this.gamma = Check.positive("auon", "gamma", gamma);
        this.variant = Variant.parse("auon", variant);
    }

    @Override
    public String name() {
        return "auon_brake";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check("auon", params, false);
        return new State(name());
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Tensor[] mats = state.attachment(VIEWS).of(updates);
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0; k < mats.length; k++) {
            Tensor u = updates.tensor(k);
            double norm = u.norm();
            double inner = variant == Variant.CODE ? gamma / (norm + 1e-7) : (norm > 0 ? 1.0 / norm : 0.0);
            double sum = 0;
            for (int start = 0, n = u.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                double[] x = s.load(0, u, start, len);
                for (int i = 0; i < len; i++) {
                    double ch = Math.cosh(inner * x[i]);
                    sum += ch * ch;
                }
            }
            double r = Math.sqrt(sum / u.size());
            if (variant == Variant.CODE) {
                u.scale(1.0 / (r + 1e-8));
            } else {
                Tensor m = mats[k];
                u.scale(inner / r * Math.sqrt(Math.max(1.0, (double) m.rows() / m.cols())));
            }
        }
    }

    @Override
    public String toString() {
        return "auon_brake(gamma=" + gamma + ", variant=" + variant.name().toLowerCase(Locale.ROOT) + ")";
    }
}
