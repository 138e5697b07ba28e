package dev.curvature.problems.factorization;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Label;
import dev.curvature.optim.Problem;
import java.util.List;

/**
 * Asymmetric matrix factorization with quartic regularization (Bodard &amp; Patrinos, arXiv
 * 2509.15817, Thm 2.14):
 * <pre>
 *   f(W, H) = ½‖WH − Y‖_F² + (κ/4)‖W‖_F⁴ + (κ/4)‖H‖_F⁴,   W ∈ R^{m×r}, H ∈ R^{r×n}
 *   ∇_W f = (WH − Y)Hᵀ + κ‖W‖_F²·W,   ∇_H f = Wᵀ(WH − Y) + κ‖H‖_F²·H
 * </pre>
 * (the exact gradients of this f; κ &gt; 0 makes Assumption 2.8 hold). Hessian-vector product for a
 * direction (V_W, V_H), with E = WH − Y and D = V_W·H + W·V_H:
 * <pre>
 *   ∂_W = D·Hᵀ + E·V_Hᵀ + κ(2⟨W, V_W⟩·W + ‖W‖²·V_W)
 *   ∂_H = Wᵀ·D + V_Wᵀ·E + κ(2⟨H, V_H⟩·H + ‖H‖²·V_H)
 * </pre>
 * Y = AB/√r_Y with standard normal A ∈ R^{m×r_Y}, B ∈ R^{r_Y×n} from the instance seed; the
 * blocks are {@code W} and {@code H} with entries N(0, init_scale²) from the run's stream.
 *
 * <p><b>The minimum f*</b> ({@link #optimum()}; not in the paper, derived here). For M = WH,
 * ‖W‖⁴ + ‖H‖⁴ ≥ 2‖W‖²‖H‖² ≥ 2‖M‖_*² (AM–GM, and ‖M‖_* ≤ ‖W‖_F‖H‖_F), and ½‖M − Y‖² ≥
 * ½Σ_i(σ_i − μ_i)² for the singular values σ of Y and μ of M, both sorted (Mirsky); both bounds are
 * attained by the balanced factors W = U_r·diag(√μ), H = diag(√μ)·V_rᵀ of the top-r singular pairs
 * of Y. So f* = min over μ ≥ 0 supported on the r largest σ of
 * <pre>  g(μ) = ½Σ_i(σ_i − μ_i)² + (κ/2)(Σ_i μ_i)²,</pre>
 * a strictly convex problem whose solution is μ_i = max(0, σ_i − κS) for i ≤ r, with S = Σμ_i the
 * unique root of S = Σ_{i≤r} max(0, σ_i − κS) (found exactly: for k active values,
 * S = (σ_1 + … + σ_k)/(1 + kκ)). Not thread-safe.
 */
public final class AsymmetricFactorization implements dev.curvature.optim.Problem {
    private final int m;
    private final int n;
    private final int r;
    private final double kappa;
    private final double initScale;
    private final DType dtype;
    private final Tensor y;
    private final Tensor e;
    private final Tensor dm;
    private final double optimum;

    public AsymmetricFactorization(int m, int n, int r, int rankY, double kappa, double initScale, long seed,
                                   DType dtype) {
        this.m = (int) Check.atLeast("asymmetric_factorization", "m", m, 1);
        this.n = (int) Check.atLeast("asymmetric_factorization", "n", n, 1);
        this.r = (int) Check.atLeast("asymmetric_factorization", "r", r, 1);
        Check.range("asymmetric_factorization", "rank_y", rankY, 1, true, Math.min(m, n), true);
        this.kappa = Check.positive("asymmetric_factorization", "kappa", kappa);
        this.initScale = Check.nonNegative("asymmetric_factorization", "init_scale", initScale);
        this.dtype = dtype;
        RandomStream rng = RandomStream.of(seed);
        Tensor a = rng.fillNormal(Tensor.zeros(DType.F64, m, rankY), 0, 1);
        Tensor b = rng.fillNormal(Tensor.zeros(DType.F64, rankY, n), 0, 1);
        this.y = Linalg.matmul(a, b).scale(1 / Math.sqrt(rankY)).to(dtype);
        this.e = Tensor.zeros(dtype, m, n);
        this.dm = Tensor.zeros(dtype, m, n);
        this.optimum = minimum(Linalg.svd(Linalg.matmul(a, b).scale(1 / Math.sqrt(rankY))).s(), r, kappa);
    }

    /**
     * f* = min over μ ≥ 0 on the r largest singular values σ (descending) of ½Σ(σ_i − μ_i)² +
     * (κ/2)(Σμ_i)², the values σ_i beyond r contributing ½σ_i² (see the class comment).
     */
    static double minimum(Tensor sigma, int r, double kappa) {
        int p = sigma.size();
        int top = Math.min(r, p);
        double s = 0;
        // The active set is the k largest σ_i with σ_i > κS; the largest consistent k is the root.
        for (int k = top; k >= 1; k--) {
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += sigma.get(i);
            }
            double candidate = sum / (1 + k * kappa);
            if (sigma.get(k - 1) > kappa * candidate) {
                s = candidate;
                break;
            }
        }
        double f = 0.5 * kappa * s * s;
        for (int i = 0; i < p; i++) {
            double mu = i < top ? Math.max(0, sigma.get(i) - kappa * s) : 0;
            double d = sigma.get(i) - mu;
            f += 0.5 * d * d;
        }
        return f;
    }

    /** f*, from the singular values of Y (see the class comment). */
    @Override
    public java.util.OptionalDouble optimum() {
        return java.util.OptionalDouble.of(optimum);
    }

    @Override
    public String name() {
        return "asymmetric_factorization";
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor w = rng.fillNormal(Tensor.zeros(dtype, m, r), 0, initScale);
        Tensor h = rng.fillNormal(Tensor.zeros(dtype, r, n), 0, initScale);
        return Blocks.of(List.of(new Blocks.Block("W", Label.MATRIX, w), new Blocks.Block("H", Label.MATRIX, h)));
    }

    private double residual(Tensor w, Tensor h) {
        Linalg.gemm(1.0, w, h, 0.0, e);
        e.sub(y);
        double en = e.norm();
        double wn = w.norm();
        double hn = h.norm();
        return 0.5 * en * en + 0.25 * kappa * (wn * wn * wn * wn + hn * hn * hn * hn);
    }

    @Override
    public double value(Blocks x) {
        return residual(x.tensor(0), x.tensor(1));
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        Tensor w = x.tensor(0);
        Tensor h = x.tensor(1);
        double f = residual(w, h);
        double wn2 = w.norm() * w.norm();
        double hn2 = h.norm() * h.norm();
        Tensor gw = grad.tensor(0);
        Tensor gh = grad.tensor(1);
        gw.assign(w);
        Linalg.gemm(1.0, e, h.t(), kappa * wn2, gw);
        gh.assign(h);
        Linalg.gemm(1.0, w.t(), e, kappa * hn2, gh);
        return f;
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        Tensor w = x.tensor(0);
        Tensor h = x.tensor(1);
        Tensor vw = v.tensor(0);
        Tensor vh = v.tensor(1);
        Tensor ow = out.tensor(0);
        Tensor oh = out.tensor(1);
        residual(w, h);
        Linalg.gemm(1.0, vw, h, 0.0, dm);
        Linalg.gemm(1.0, w, vh, 1.0, dm);
        double wn2 = w.norm() * w.norm();
        double hn2 = h.norm() * h.norm();
        double wv = w.dot(vw);
        double hv = h.dot(vh);
        ow.assign(vw).scale(kappa * wn2).addScaled(2 * kappa * wv, w);
        Linalg.gemm(1.0, dm, h.t(), 1.0, ow);
        Linalg.gemm(1.0, e, vh.t(), 1.0, ow);
        oh.assign(vh).scale(kappa * hn2).addScaled(2 * kappa * hv, h);
        Linalg.gemm(1.0, w.t(), dm, 1.0, oh);
        Linalg.gemm(1.0, vw.t(), e, 1.0, oh);
    }
}
