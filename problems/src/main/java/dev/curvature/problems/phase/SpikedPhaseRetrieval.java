package dev.curvature.problems.phase;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Label;
import dev.curvature.optim.Problem;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Phase retrieval with anisotropic Gaussian inputs as a two-layer network with quadratic
 * activation, after Braun, Bao, Huang &amp; Imaizumi, "Spectral gradient descent mitigates
 * anisotropy-driven misalignment: a case study in phase retrieval" (arXiv 2601.22652). The
 * paper's equations were not available; this is the reconstruction of the Curvature spec (§3.2),
 * every choice marked [U] there:
 *
 * <pre>
 * x ~ N(0, Σ),  y = (w*ᵀx)²,  ‖w*‖ = 1
 * f_W(x) = (1/m)·Σ_j (w_jᵀx)² = xᵀ(WWᵀ/m)x,     W ∈ R^{d×m}
 * L(W) = ¼·E[(f_W(x) − y)²],  D = WWᵀ/m − w*w*ᵀ
 *      = ¼·[tr(DΣ)² + 2·tr(DΣDΣ)]                       (population, from E[(xᵀAx)(xᵀBx)] = tr(AΣ)tr(BΣ) + 2tr(AΣBΣ))
 * ∇L = (1/m)·[tr(DΣ)·Σ + 2·ΣDΣ]·W
 * </pre>
 *
 * With {@code samples} = n &gt; 0 the loss is the empirical ¼·mean_i (f_W(x_i) − y_i)² over a fixed
 * sample (drawn from the instance seed), with gradient (1/(n·m))·Xᵀ·diag(r)·X·W, r_i = f_W(x_i) − y_i.
 * Both have L* = 0 at WWᵀ = m·w*w*ᵀ.
 *
 * <p>Covariances:
 * <ul>
 *   <li>{@code spiked}: Σ = I + κ·v·vᵀ with ‖v‖ = 1 and v ⟂ w* (w*, v: the first two columns of a
 *       Haar-random orthogonal matrix);</li>
 *   <li>{@code power_law}: Σ = Q·diag(λ)·Qᵀ with λ_k ∝ k^(−α), normalised to tr Σ = d, Q Haar;
 *       the spike v is the top eigenvector q₁ and the signal w* = q_s, s = {@code signal_index}
 *       (default the median index, a direction of typical variance) [U].</li>
 * </ul>
 *
 * <p>The iterate is one block {@code W} (label {@link Label#MATRIX}, d×m), started at
 * σ₀·N(0, 1)^{d×m} from the run's stream: small, near the saddle at 0, for the escaping stage.
 * {@link #metrics} gives the coefficients of the paper's Fig. 1, normalised so that the solution
 * has a = 1: a = ‖Wᵀw*‖/√m (signal), b = ‖Wᵀv‖/√m (spike), c = ‖(I − w*w*ᵀ − vvᵀ)W‖_F/√m (bulk),
 * the alignment ‖Wᵀw*‖/‖W‖_F and |cos(w*, u₁(W))| for the top left singular vector u₁. Gradients
 * allocate nothing after the first call.
 */
public final class SpikedPhaseRetrieval implements Problem {
    private final int d;
    private final int m;
    private final int n;
    private final double kappa;
    private final double initScale;
    private final DType dtype;
    private final Tensor sigma;
    private final Tensor wStar;
    private final Tensor spike;
    private final String covariance;
    // Work buffers.
    private final Tensor dm;
    private final Tensor s;
    private final Tensor k;
    private final Tensor samples;
    /** samplesᵀ as a view, made once: a view per gradient would allocate until the JIT removes it. */
    private final Tensor samplesT;
    private final Tensor targets;
    private final Tensor xw;
    private final double[] residual;

    /**
     * @param d          input dimension
     * @param m          hidden width (columns of W)
     * @param kappa      spike strength κ ≥ 0 (spiked covariance)
     * @param covariance {@code spiked} or {@code power_law}
     * @param alpha      power-law exponent (power_law)
     * @param signalIndex 1-based eigen-index of w* for power_law (0: d/2)
     * @param samples    n (0: population loss)
     * @param initScale  σ₀ of the initial point
     * @param seed       instance seed (w*, v, Σ, the sample)
     */
    public SpikedPhaseRetrieval(int d, int m, double kappa, String covariance, double alpha, int signalIndex,
                                int samples, double initScale, long seed, DType dtype) {
        String owner = "spiked_phase_retrieval";
        this.d = (int) Check.atLeast(owner, "d", d, 2);
        this.m = (int) Check.atLeast(owner, "m", m, 1);
        this.kappa = Check.nonNegative(owner, "kappa", kappa);
        this.n = (int) Check.atLeast(owner, "samples", samples, 0);
        this.initScale = Check.positive(owner, "init_scale", initScale);
        Check.nonNegative(owner, "alpha", alpha);
        Check.atLeast(owner, "signal_index", signalIndex, 0);
        if (signalIndex > d) {
            throw new HyperparameterException(owner, "signal_index", owner + ": signal_index = " + signalIndex + " is outside [0, " + d + "]");
        }
        this.dtype = dtype;
        this.covariance = covariance == null ? "" : covariance.trim().toLowerCase(Locale.ROOT);
        RandomStream rng = RandomStream.of(seed);
        Tensor q = rng.fork(0).haarOrthogonal(DType.F64, d, d);
        Tensor sig = Tensor.zeros(DType.F64, d, d);
        Tensor ws;
        Tensor v;
        switch (this.covariance) {
            case "spiked" -> {
                ws = q.col(0).copy();
                v = q.col(1).copy();
                for (int i = 0; i < d; i++) {
                    sig.set(1.0, i, i);
                }
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        sig.set(sig.get(i, j) + kappa * v.get(i) * v.get(j), i, j);
                    }
                }
            }
            case "power_law" -> {
                double[] lambda = new double[d];
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    lambda[i] = Math.pow(i + 1, -alpha);
                    sum += lambda[i];
                }
                Tensor ql = q.copy();
                for (int j = 0; j < d; j++) {
                    ql.col(j).scale(lambda[j] * d / sum);
                }
                sig = Linalg.matmul(ql, q.t());
                int s0 = signalIndex == 0 ? d / 2 : signalIndex - 1;
                if (s0 == 0) {
                    throw new HyperparameterException(owner, "signal_index", owner + ": signal_index = 1 is the spike direction; choose 2.." + d);
                }
                ws = q.col(s0).copy();
                v = q.col(0).copy();
            }
            default -> throw new HyperparameterException(owner, "covariance", owner + ": covariance = " + covariance
                    + " is not one of spiked, power_law");
        }
        this.sigma = sig.to(dtype);
        this.wStar = ws.to(dtype);
        this.spike = v.to(dtype);
        this.dm = Tensor.zeros(dtype, d, d);
        this.s = Tensor.zeros(dtype, d, d);
        this.k = Tensor.zeros(dtype, d, d);
        if (n > 0) {
            // x = Σ^{1/2}·z with the symmetric square root Σ^{1/2} = V·Λ^{1/2}·Vᵀ. It does not depend on
            // the eigenvectors chosen inside a repeated eigenvalue (the spiked Σ has d − 1 equal ones, and
            // LAPACK and the Java backend choose different bases there), so the sample is the same on
            // every backend up to rounding; V·Λ^{1/2} alone would give a different sample per backend.
            Eigh e = Linalg.eigh(sig);
            Tensor root = e.vectors().copy();
            for (int j = 0; j < d; j++) {
                root.col(j).scale(Math.sqrt(Math.max(0, e.values().get(j))));
            }
            Tensor sqrtSigma = Linalg.matmul(root, e.vectors().t());
            Tensor z = rng.fork(1).fillNormal(Tensor.zeros(DType.F64, n, d), 0, 1);
            Tensor x = Linalg.matmul(z, sqrtSigma);
            this.samples = x.to(dtype);
            this.samplesT = this.samples.t();
            Tensor proj = Tensor.zeros(DType.F64, n);
            Linalg.gemv(1.0, x, ws, 0.0, proj);
            this.targets = proj.square().to(dtype);
            this.xw = Tensor.zeros(dtype, n, m);
            this.residual = new double[n];
        } else {
            this.samples = null;
            this.samplesT = null;
            this.targets = null;
            this.xw = null;
            this.residual = new double[0];
        }
    }

    @Override
    public String name() {
        return "spiked_phase_retrieval";
    }

    /** The covariance Σ. */
    public Tensor covariance() {
        return sigma;
    }

    /** The signal w* (unit). */
    public Tensor signal() {
        return wStar;
    }

    /** The spike direction v (unit, ⟂ w*). */
    public Tensor spike() {
        return spike;
    }

    /** Input dimension d. */
    public int dimension() {
        return d;
    }

    /** Width m. */
    public int width() {
        return m;
    }

    /** The sample size (0: population loss). */
    public int sampleSize() {
        return n;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor w = Tensor.zeros(dtype, d, m);
        RandomStream r = rng == null ? RandomStream.of(0) : rng;
        r.fillNormal(w, 0.0, initScale);
        return Blocks.builder().add("W", Label.MATRIX, w).build();
    }

    @Override
    public double value(Blocks x) {
        Blocks g = x.zerosLike();
        return valueAndGradient(x, g);
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        Tensor w = x.tensor(0);
        Tensor g = grad.tensor(0);
        return n == 0 ? population(w, g) : empirical(w, g);
    }

    private double population(Tensor w, Tensor g) {
        // D = WWᵀ/m − w*w*ᵀ; S = ΣD; K = tr(S)·Σ + 2·S·Σ; ∇ = K·W/m.
        Linalg.syrk(1.0 / m, w, 0.0, dm);
        for (int i = 0; i < d; i++) {
            double wi = wStar.get(i);
            for (int j = 0; j < d; j++) {
                dm.set(dm.get(i, j) - wi * wStar.get(j), i, j);
            }
        }
        Linalg.gemm(1.0, sigma, dm, 0.0, s);
        double tr = 0;
        double tr2 = 0;
        for (int i = 0; i < d; i++) {
            tr += s.get(i, i);
            for (int j = 0; j < d; j++) {
                tr2 += s.get(i, j) * s.get(j, i);
            }
        }
        k.assign(sigma).scale(tr);
        Linalg.gemm(2.0, s, sigma, 1.0, k);
        Linalg.gemm(1.0 / m, k, w, 0.0, g);
        return 0.25 * (tr * tr + 2 * tr2);
    }

    private double empirical(Tensor w, Tensor g) {
        Linalg.gemm(1.0, samples, w, 0.0, xw);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < m; j++) {
                double v = xw.get(i, j);
                f += v * v;
            }
            double r = f / m - targets.get(i);
            residual[i] = r;
            loss += r * r;
        }
        for (int i = 0; i < n; i++) {
            double r = residual[i];
            for (int j = 0; j < m; j++) {
                xw.set(xw.get(i, j) * r, i, j);
            }
        }
        Linalg.gemm(1.0 / ((double) n * m), samplesT, xw, 0.0, g);
        return 0.25 * loss / n;
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(0.0);
    }

    /**
     * The tracked coefficients at W: {@code signal} a, {@code spike} b, {@code bulk} c, {@code alignment}
     * ‖Wᵀw*‖/‖W‖_F and {@code top_cos} |cos(w*, u₁(W))| (see the class comment).
     */
    public Map<String, Double> metrics(Blocks x) {
        Tensor w = x.tensor(0).to(DType.F64);
        Tensor ws = wStar.to(DType.F64);
        Tensor v = spike.to(DType.F64);
        Tensor pa = Tensor.zeros(DType.F64, m);
        Tensor pb = Tensor.zeros(DType.F64, m);
        Linalg.gemv(1.0, w.t(), ws, 0.0, pa);
        Linalg.gemv(1.0, w.t(), v, 0.0, pb);
        double wf = w.norm();
        double a = pa.norm();
        double b = pb.norm();
        double c2 = Math.max(0, wf * wf - a * a - b * b);
        Map<String, Double> out = new LinkedHashMap<>();
        double sm = Math.sqrt(m);
        out.put("signal", a / sm);
        out.put("spike", b / sm);
        out.put("bulk", Math.sqrt(c2) / sm);
        out.put("alignment", wf == 0 ? 0 : a / wf);
        out.put("top_cos", topCosine(w, ws));
        return out;
    }

    /** |cos(w*, u₁)| for the top left singular vector u₁ of W, by power iteration on WWᵀ. */
    private double topCosine(Tensor w, Tensor ws) {
        Tensor g = Linalg.gram(w);
        Tensor u = RandomStream.of(12345).fillNormal(Tensor.zeros(DType.F64, d), 0, 1);
        Tensor next = Tensor.zeros(DType.F64, d);
        for (int it = 0; it < 300; it++) {
            Linalg.gemv(1.0, g, u, 0.0, next);
            double nn = next.norm();
            if (nn == 0) {
                return 0;
            }
            next.scale(1 / nn);
            double diff = 0;
            for (int i = 0; i < d; i++) {
                diff += Math.abs(Math.abs(next.get(i)) - Math.abs(u.get(i)));
            }
            u.assign(next);
            if (diff < 1e-12) {
                break;
            }
        }
        return Math.abs(u.dot(ws));
    }

    @Override
    public String toString() {
        return "spiked_phase_retrieval(d=" + d + ", m=" + m + ", " + covariance + ", kappa=" + kappa + ", samples=" + n
                + ")";
    }
}
