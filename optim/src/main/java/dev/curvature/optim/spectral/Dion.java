package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.util.Locale;

/**
 * Dion's low-rank orthonormalized direction with error feedback (Ahn et al., "Dion: distributed
 * orthonormalized updates", arXiv 2504.05295; microsoft/dion@dion/dion_reference.py and
 * dion_simple.py). For each block, oriented so that M is m×n with m ≥ n (a wide block is
 * transposed, as the reference does), rank r = min(⌈rank_fraction·n⌉, n), Q ∈ R^{n×r}
 * (initially N(0, 1) from {@code seed}):
 *
 * <pre>
 * M ← M + G                                  # no decay: error feedback keeps M bounded
 * repeat power_iters times:  P = M·Q;  P = orthonormalize(P);  R = Mᵀ·P;  Q = R
 * M ← M − (1 − μ)·P·Rᵀ                       # error feedback
 * Q ← R / (‖R_:j‖ + ε)  column by column     # warm start of the next step
 * u = √(A/B)·P·Qᵀ                            # in the block's own orientation; A = rows, B = cols
 * </pre>
 *
 * Weight decay and −lr follow in the chain: W ← W(1 − lr·wd) − lr·√(A/B)·P·Qᵀ (dion_simple's scale
 * √(fan_out/fan_in)). {@code orthonormalize} is
 * <ul>
 *   <li>{@code qr}: Householder QR;</li>
 *   <li>{@code cqr}: Cholesky QR, P ← P·L⁻ᵀ with PᵀP = LLᵀ (Householder during the first
 *       {@code cqr_warmup_steps} steps, and whenever the Cholesky factorization fails);</li>
 *   <li>{@code rcqr}: randomized Cholesky QR, for m &gt; r: a sketch S ∈ R^{k×m} with N(0, 1/k)
 *       entries, k = ⌈oversample·r/128⌉·128; R₁ = qr_R(S·P); P ← P·R₁⁻¹; then one Cholesky QR pass.
 *       For m ≤ r it is Householder QR.</li>
 * </ul>
 * All three give the same P up to the signs of its columns, which cancel in P·Rᵀ and P·Qᵀ. The
 * sketch entries are a hash of (seed, step, block, index), so a restored state redraws exactly
 * the same sketch. The orthonormalization runs in float64 (the reference uses float32).
 */
public final class Dion implements Transform {

    /** The orthonormalization of P. */
    public enum QrMethod {
        QR, CQR, RCQR;

        static QrMethod parse(String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "qr" -> QR;
                case "cqr" -> CQR;
                case "rcqr" -> RCQR;
                default -> throw new IllegalArgumentException("dion: qr_method = " + s + " is not one of qr, cqr, rcqr");
            };
        }
    }

    private final double mu;
    private final double eps;
    private final double rankFraction;
    private final int powerIters;
    private final QrMethod qrMethod;
    private final long cqrWarmup;
    private final double oversample;
    private final long seed;

    public Dion(double mu, double eps, double rankFraction, int powerIters, String qrMethod, long cqrWarmupSteps,
                double oversample, long seed) {
        this.mu = Check.unitInterval("dion", "mu", mu);
        this.eps = Check.nonNegative("dion", "eps", eps);
        this.rankFraction = Check.range("dion", "rank_fraction", rankFraction, 0, false, 1, true);
        this.powerIters = (int) Check.atLeast("dion", "power_iters", powerIters, 1);
        this.qrMethod = QrMethod.parse(qrMethod);
        this.cqrWarmup = Check.atLeast("dion", "cqr_warmup_steps", cqrWarmupSteps, 0);
        this.oversample = Check.range("dion", "rcqr_oversample", oversample, 1, true, Double.POSITIVE_INFINITY, false);
        this.seed = seed;
    }

    @Override
    public String name() {
        return "dion";
    }

    /** The rank for an m×n block. */
    public int rank(int rows, int cols) {
        int n = Math.min(rows, cols);
        return Math.max(1, Math.min(n, (int) Math.ceil(rankFraction * n - 1e-9)));
    }

    /** Per-block scratch. */
    private static final class Scratch {
        Tensor p;
        Tensor r;
        double[] pd;
        double[] rd;
        double[] tau;
        double[] gram;
        double[] sketch;
        double[] sp;
        Tensor pdView;
        Tensor full;
        Tensor m;
        Tensor mT;
        Tensor pT;
        Tensor rT;
        Tensor qT;
        Tensor sketchView;
        Tensor spView;
        int k;
    }

    private static final class Work {
        final MatrixViews grads = new MatrixViews("dion", false);
        MatrixViews moments;
        Scratch[] scratch;
    }

    private static final State.Key<Work> WORK = new State.Key<>("dion.work", Work::new);

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check("dion", params, false);
        Blocks.Builder q = Blocks.builder();
        for (int k = 0; k < params.count(); k++) {
            Blocks.Block b = params.block(k);
            Tensor v = MatrixViews.view(b.tensor());
            int n = Math.min(v.rows(), v.cols());
            int r = rank(v.rows(), v.cols());
            Tensor qk = Tensor.zeros(stateDType == null ? b.tensor().dtype() : stateDType, n, r);
            RandomStream.of(seed).fork(k).fillNormal(qk, 0.0, 1.0);
            q.add(b.name(), b.label(), qk);
        }
        State s = new State(name());
        s.addBuffer("momentum", params.zerosLike(stateDType));
        s.addBuffer("q", q.build());
        return s.addScalar("count", 0);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Work w = state.attachment(WORK);
        Tensor[] g = w.grads.of(updates);
        Blocks mom = state.buffer("momentum");
        if (w.moments == null) {
            w.moments = new MatrixViews("dion", false);
            w.scratch = new Scratch[g.length];
        }
        Tensor[] mv = w.moments.of(mom);
        Blocks qs = state.buffer("q");
        long count = (long) state.scalar("count");
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0; k < g.length; k++) {
            Tensor gt = updates.tensor(k);
            Tensor mt = mom.tensor(k);
            // M ← M + G (mixed dtypes allowed).
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int off = s.open(start, len, gt, mt);
                double[] a = s.array(0);
                double[] b = s.array(1);
                for (int i = off, e = off + len; i < e; i++) {
                    b[i] += a[i];
                }
                s.commit(1, mt, start, len);
            }
            step(k, mv[k], qs.tensor(k), g[k], w, count);
        }
        state.setScalar("count", count + 1);
    }

    private void step(int block, Tensor mFull, Tensor q, Tensor out, Work w, long count) {
        int rows = mFull.rows();
        int cols = mFull.cols();
        boolean transposed = rows < cols;
        int mm = Math.max(rows, cols);
        int r = q.cols();
        Scratch sc = w.scratch[block];
        if (sc == null || sc.full != mFull) {
            // Views are built once per block: a view made in every step would allocate.
            sc = new Scratch();
            sc.full = mFull;
            sc.m = transposed ? mFull.t() : mFull;
            sc.mT = sc.m.t();
            sc.p = Tensor.zeros(q.dtype(), mm, r);
            sc.r = Tensor.zeros(q.dtype(), q.rows(), r);
            sc.pd = new double[mm * r];
            sc.rd = new double[r * r];
            sc.tau = new double[r];
            sc.gram = new double[r * r];
            sc.pT = sc.p.t();
            sc.rT = sc.r.t();
            sc.qT = q.t();
            sc.k = (int) Math.ceil(oversample * r / 128.0) * 128;
            if (qrMethod == QrMethod.RCQR && mm > r) {
                sc.sketch = new double[sc.k * mm];
                sc.sp = new double[sc.k * r];
                sc.pdView = Tensor.wrap(sc.pd, mm, r);
                sc.sketchView = Tensor.wrap(sc.sketch, sc.k, mm);
                sc.spView = Tensor.wrap(sc.sp, sc.k, r);
            }
            w.scratch[block] = sc;
        }
        Tensor m = sc.m;
        for (int it = 0; it < powerIters; it++) {
            Linalg.gemm(1.0, m, it == 0 ? q : sc.r, 0.0, sc.p);
            orthonormalize(sc, mm, r, block, count, it);
            Linalg.gemm(1.0, sc.mT, sc.p, 0.0, sc.r);
            if (it < powerIters - 1) {
                normalizeColumns(sc.r, sc.r);
            }
        }
        // M ← M − (1 − μ)·P·Rᵀ, written in M's own orientation.
        if (transposed) {
            Linalg.gemm(-(1 - mu), sc.r, sc.pT, 1.0, mFull);
        } else {
            Linalg.gemm(-(1 - mu), sc.p, sc.rT, 1.0, mFull);
        }
        normalizeColumns(sc.r, q);
        double scale = Math.sqrt((double) rows / cols);
        if (out.dtype() == q.dtype()) {
            if (transposed) {
                Linalg.gemm(scale, q, sc.pT, 0.0, out);
            } else {
                Linalg.gemm(scale, sc.p, sc.qT, 0.0, out);
            }
        } else {
            // Mixed precision: the product in the state dtype, rounded into the update.
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = 0;
                    for (int a = 0; a < r; a++) {
                        v += transposed ? q.get(i, a) * sc.p.get(j, a) : sc.p.get(i, a) * q.get(j, a);
                    }
                    out.set(scale * v, i, j);
                }
            }
        }
    }

    /** dst_:j ← src_:j/(‖src_:j‖ + ε). */
    private void normalizeColumns(Tensor src, Tensor dst) {
        int n = src.rows();
        int r = src.cols();
        for (int j = 0; j < r; j++) {
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double v = src.get(i, j);
                ss += v * v;
            }
            double inv = 1.0 / (Math.sqrt(ss) + eps);
            for (int i = 0; i < n; i++) {
                dst.set(src.get(i, j) * inv, i, j);
            }
        }
    }

    private void orthonormalize(Scratch sc, int m, int r, int block, long count, int iteration) {
        double[] p = sc.pd;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < r; j++) {
                p[i * r + j] = sc.p.get(i, j);
            }
        }
        boolean tall = m > r;
        switch (qrMethod) {
            case QR -> DenseKernels.householderQr(p, m, r, sc.tau, null);
            case CQR -> {
                if (count < cqrWarmup || !choleskyQr(sc, p, m, r)) {
                    reload(sc, p, m, r);
                    DenseKernels.householderQr(p, m, r, sc.tau, null);
                }
            }
            case RCQR -> {
                if (!tall) {
                    DenseKernels.householderQr(p, m, r, sc.tau, null);
                } else {
                    randomizedCholeskyQr(sc, p, m, r, block, count, iteration);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < r; j++) {
                sc.p.set(p[i * r + j], i, j);
            }
        }
    }

    private static void reload(Scratch sc, double[] p, int m, int r) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < r; j++) {
                p[i * r + j] = sc.p.get(i, j);
            }
        }
    }

    /** P ← P·L⁻ᵀ with PᵀP = L·Lᵀ; false when the Cholesky factorization fails or P is not finite. */
    private static boolean choleskyQr(Scratch sc, double[] p, int m, int r) {
        DenseKernels.gram(p, m, r, sc.gram);
        if (!DenseKernels.cholesky(sc.gram, r)) {
            return false;
        }
        DenseKernels.solveRightLowerTransposed(p, m, r, sc.gram);
        for (int i = 0; i < m * r; i++) {
            if (!Double.isFinite(p[i])) {
                return false;
            }
        }
        return true;
    }

    private void randomizedCholeskyQr(Scratch sc, double[] p, int m, int r, int block, long count, int iteration) {
        int k = sc.k;
        double std = Math.sqrt(1.0 / k);
        long stream = ((count * 1_000_003L + block) * 31 + iteration) * 0x9E3779B97F4A7C15L + seed;
        for (int i = 0; i < k * m; i++) {
            sc.sketch[i] = std * DenseKernels.gaussian(stream, i);
        }
        // SP = S·P (k×r) in float64, then its R factor.
        Linalg.gemm(1.0, sc.sketchView, sc.pdView, 0.0, sc.spView);
        DenseKernels.householderQr(sc.sp, k, r, sc.tau, sc.rd);
        boolean ok = true;
        for (int i = 0; i < r; i++) {
            ok &= sc.rd[i * r + i] != 0;
        }
        if (ok) {
            DenseKernels.solveRightUpper(p, m, r, sc.rd);
        }
        if (!ok || !choleskyQr(sc, p, m, r)) {
            reload(sc, p, m, r);
            DenseKernels.householderQr(p, m, r, sc.tau, null);
        }
    }

    @Override
    public String toString() {
        return "dion(mu=" + mu + ", rank_fraction=" + rankFraction + ", power_iters=" + powerIters + ", qr_method="
                + qrMethod.name().toLowerCase(Locale.ROOT) + ")";
    }
}
