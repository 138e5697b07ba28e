package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;

/**
 * Polynomial polar-factor iterations with per-step quintic coefficients: Muon's Newton–Schulz
 * (one triple repeated), the Muon+/Dion schedule, Polar Express, Turbo-Muon (AOL preconditioning)
 * and ROOT (shape-specific coefficients). From KellerJordan/Muon@muon.py:
 *
 * <pre>
 * X = G;  if A &gt; B: X = Xᵀ                              # iterate on the wide orientation
 * X = X / (s·‖X‖_F + ε)                                 # FROBENIUS, or AOL below
 * for (a, b, c) in schedule:
 *     Agram = X·Xᵀ;   Bm = b·Agram + c·Agram·Agram;   X = a·X + Bm·X
 * if A &gt; B: X = Xᵀ
 * </pre>
 *
 * Each step maps every singular value σ of X to p(σ) = aσ + bσ³ + cσ⁵, so the output's singular
 * values are those of the input (after normalisation) pushed through the composed scalar maps
 * ({@link ScalarMaps}).
 *
 * <p>Turbo-Muon's AOL preconditioning (Boissin et al., arXiv 2512.04632; flash-newton-schulz
 * {@code NS_ours}) replaces the Frobenius normalisation: with Agram = X·Xᵀ,
 * s_i = 1/√max(Σ_j |Agram_ij|, 1e-7), X ← diag(s)·X and Agram ← diag(s)·Agram·diag(s), which bounds
 * ‖X‖₂ ≤ 1; the first step reuses that rescaled Gram matrix instead of recomputing it. Before AOL the
 * input is divided by its Frobenius norm (computed in float64), which leaves the result unchanged
 * except through the 1e-7 floor and keeps Gram entries of inputs scaled by 1e±30 inside the float32 range.
 *
 * <p>Scale. The polar factor does not depend on the input's scale: an input whose largest
 * magnitude is outside the dtype's safe range is first multiplied by an exact power of two
 * ({@link SafeScale}), so extreme and subnormal inputs give a finite result. The ε of the published
 * normalization is kept as the reference code has it: it damps the update of a tiny input (‖X‖_F of
 * the order of ε or below), as in the reference optimizers. {@link #scaleInvariant()} gives the same
 * engine with ε = 0, whose result depends on the input's direction only; {@code curvature polar},
 * whose job is the polar factor itself, runs that one. Inputs of ordinary size get the published
 * formula bit for bit. The zero matrix gives the zero matrix.
 *
 * <p>Implementation. The tall orientation is never copied: for A &gt; B the same step is computed
 * as Agram = XᵀX and X ← a·X + X·Bm. Both symmetric products (X·Xᵀ and Agram·Agram) are BLAS
 * {@code syrk} calls, which need half the multiply-adds of a {@code gemm}; the only {@code gemm} is
 * Bm·X. Per step that is r²·c + r³ + 2r²·c flops for an r×c wide X instead of 4r²·c + 2r³. The
 * buffers (two r×c iterates, two r×r Gram matrices) are kept between calls; the last step writes
 * into the output, so a call on a known shape allocates nothing. Arithmetic runs in the input's
 * dtype (float32 or float64).
 */
public final class NewtonSchulz implements PolarEngine {

    /** How the input is scaled before the iteration. */
    public enum Normalization {
        /** X / (scale·‖X‖_F + eps). */
        FROBENIUS,
        /** Turbo-Muon's AOL row rescaling, fused with the first step. */
        AOL
    }

    private final String name;
    private final double[][] schedule;
    private final boolean rootShapes;
    private final Normalization normalization;
    private final double normScale;
    private final double eps;
    private final int steps;

    private Tensor x;
    private Tensor y;
    private Tensor xt;
    private Tensor yt;
    private Tensor gram;
    private Tensor bm;
    private double[] rowScale = new double[0];
    private double[] shapeTriple;

    /**
     * @param name          engine name (messages)
     * @param schedule      per-step (a, b, c); when {@code steps} exceeds its length the last triple repeats
     * @param steps         number of steps (≥ 1)
     * @param normalization FROBENIUS or AOL
     * @param normScale     s in X/(s·‖X‖_F + ε) (1 for Muon, 1.02 for Polar Express); ignored for AOL
     * @param eps           ε in that formula; the AOL floor is fixed at 1e-7
     */
    public NewtonSchulz(String name, double[][] schedule, int steps, Normalization normalization, double normScale,
                        double eps) {
        this(name, schedule, steps, normalization, normScale, eps, false);
    }

    private NewtonSchulz(String name, double[][] schedule, int steps, Normalization normalization,
                         double normScale, double eps, boolean rootShapes) {
        if (steps < 1) {
            throw new IllegalArgumentException(name + ": steps = " + steps + " is outside [1, ∞)");
        }
        if (!rootShapes && (schedule == null || schedule.length == 0)) {
            throw new IllegalArgumentException(name + ": needs at least one (a, b, c) triple");
        }
        if (!(normScale > 0) || !(eps >= 0) || Double.isInfinite(normScale) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(name + ": normalisation scale = " + normScale + " and eps = " + eps
                    + " must be finite, scale > 0 and eps >= 0");
        }
        this.name = name;
        this.schedule = schedule == null ? null : PolarExpress.copy(schedule);
        this.steps = steps;
        this.normalization = normalization;
        this.normScale = normScale;
        this.eps = eps;
        this.rootShapes = rootShapes;
    }

    /** Muon's quintic (3.4445, −4.7750, 2.0315), {@code steps} times, X/(‖X‖_F + 1e-7). */
    public static NewtonSchulz muon(int steps) {
        return new NewtonSchulz("ns5", new double[][] {Coefficients.MUON}, steps, Normalization.FROBENIUS, 1.0, 1e-7);
    }

    /** The Muon+/Dion 5-step schedule, X/(‖X‖_F + 1e-7). */
    public static NewtonSchulz muonPlus() {
        return new NewtonSchulz("muon_plus", Coefficients.MUON_PLUS, 5, Normalization.FROBENIUS, 1.0, 1e-7);
    }

    /** Polar Express: generated coefficients, X/(1.02·‖X‖_F + 1e-6) (speedrun and dion). */
    public static NewtonSchulz polarExpress() {
        return new NewtonSchulz("polar_express", PolarExpress.defaultCoefficients(), PolarExpress.ITERATIONS,
                Normalization.FROBENIUS, 1 + PolarExpress.SAFETY, 1e-6);
    }

    /** Turbo-Muon: AOL preconditioning and the last 4 Muon+ steps. */
    public static NewtonSchulz turboMuon() {
        return new NewtonSchulz("turbo_muon", Coefficients.TURBO_MUON, 4, Normalization.AOL, 1.0, 1e-7);
    }

    /** Turbo-Muon with the genetic-search coefficients of the earlier flash-newton-schulz kernel. */
    public static NewtonSchulz turboMuonGa() {
        return new NewtonSchulz("turbo_muon_ga", Coefficients.TURBO_MUON_GA, 4, Normalization.AOL, 1.0, 1e-7);
    }

    /** ROOT: the shape's published triple ({@link Coefficients#root}), {@code steps} times, X/(‖X‖_F + 1e-7). */
    public static NewtonSchulz root(int steps) {
        return new NewtonSchulz("root", null, steps, Normalization.FROBENIUS, 1.0, 1e-7, true);
    }

    @Override
    public String name() {
        return name;
    }

    /** This engine with ε = 0: X/(s·‖X‖_F), a result that depends on the input's direction only. */
    @Override
    public NewtonSchulz scaleInvariant() {
        return new NewtonSchulz(name, schedule, steps, normalization, normScale, 0.0, rootShapes);
    }

    @Override
    public NewtonSchulz fresh() {
        return new NewtonSchulz(name, schedule, steps, normalization, normScale, eps, rootShapes);
    }

    /** Number of steps. */
    public int steps() {
        return steps;
    }

    /** The normalisation. */
    public Normalization normalization() {
        return normalization;
    }

    /** The Frobenius scale s (1 unless Polar Express). */
    public double normScale() {
        return normScale;
    }

    /** The Frobenius ε. */
    public double eps() {
        return eps;
    }

    /** The (a, b, c) triples this engine applies to an m×n input, one per step. */
    public double[][] coefficients(int m, int n) {
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            out[t] = coefficient(t, m, n).clone();
        }
        return out;
    }

    private double[] coefficient(int t, int m, int n) {
        if (rootShapes) {
            return shapeTriple != null && x != null && x.rows() == m && x.cols() == n ? shapeTriple
                    : Coefficients.root(m, n);
        }
        return schedule[Math.min(t, schedule.length - 1)];
    }

    @Override
    public void polar(Tensor g, Tensor out) {
        if (PolarEngine.checkArguments(name, g, out)) {
            return;
        }
        int m = g.rows();
        int n = g.cols();
        boolean wide = m <= n;
        int r = Math.min(m, n);
        ensure(g.dtype(), m, n, r);
        Tensor src = SafeScale.of(g, out);
        double norm = src.norm();
        if (norm == 0) {
            out.fill(0);
            return;
        }
        Tensor cur = x;
        Tensor next = y;
        int first = 0;
        if (normalization == Normalization.FROBENIUS) {
            cur.assign(src).scale(1.0 / (normScale * norm + eps));
        } else {
            cur.assign(src).scale(1.0 / norm);
            aol(cur, wide, r);
            double[] abc = coefficient(0, m, n);
            Tensor dst = steps == 1 ? out : next;
            polyStep(cur, dst, wide, abc, true);
            if (steps == 1) {
                return;
            }
            Tensor t = cur;
            cur = next;
            next = t;
            first = 1;
        }
        for (int s = first; s < steps; s++) {
            double[] abc = coefficient(s, m, n);
            Tensor dst = s == steps - 1 ? out : next;
            polyStep(cur, dst, wide, abc, false);
            Tensor t = cur;
            cur = next;
            next = t;
        }
    }

    /** dst ← a·X + b·(Gram)X + c·(Gram)²X, with Gram = X·Xᵀ (wide) or XᵀX (tall), already in {@code gram} when reused. */
    private void polyStep(Tensor cur, Tensor dst, boolean wide, double[] abc, boolean gramReady) {
        if (!gramReady) {
            Linalg.syrk(1.0, wide ? cur : transposed(cur), 0.0, gram);
        }
        bm.assign(gram);
        Linalg.syrk(abc[2], gram, abc[1], bm);
        dst.assign(cur);
        if (wide) {
            Linalg.gemm(1.0, bm, cur, abc[0], dst);
        } else {
            Linalg.gemm(1.0, cur, bm, abc[0], dst);
        }
    }

    /** AOL: Gram of X, s_i = 1/√max(Σ_j|Gram_ij|, 1e-7), X ← diag(s)X (wide) or X·diag(s) (tall), Gram ← sGs. */
    private void aol(Tensor cur, boolean wide, int r) {
        Linalg.syrk(1.0, wide ? cur : transposed(cur), 0.0, gram);
        for (int i = 0; i < r; i++) {
            double sum = 0;
            if (gram.dtype() == DType.F32) {
                float[] a = gram.floatData();
                for (int j = 0; j < r; j++) {
                    sum += Math.abs(a[i * r + j]);
                }
            } else {
                double[] a = gram.doubleData();
                for (int j = 0; j < r; j++) {
                    sum += Math.abs(a[i * r + j]);
                }
            }
            rowScale[i] = 1.0 / Math.sqrt(Math.max(sum, 1e-7));
        }
        scaleGram(r);
        if (wide) {
            scaleRows(cur, r);
        } else {
            scaleColumns(cur, r);
        }
    }

    private void scaleRows(Tensor cur, int r) {
        int cols = cur.cols();
        if (cur.dtype() == DType.F32) {
            float[] a = cur.floatData();
            for (int i = 0; i < r; i++) {
                float s = (float) rowScale[i];
                for (int j = i * cols, e = j + cols; j < e; j++) {
                    a[j] *= s;
                }
            }
        } else {
            double[] a = cur.doubleData();
            for (int i = 0; i < r; i++) {
                double s = rowScale[i];
                for (int j = i * cols, e = j + cols; j < e; j++) {
                    a[j] *= s;
                }
            }
        }
    }

    private void scaleGram(int r) {
        if (gram.dtype() == DType.F32) {
            float[] a = gram.floatData();
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    a[i * r + j] = (float) (a[i * r + j] * rowScale[i] * rowScale[j]);
                }
            }
        } else {
            double[] a = gram.doubleData();
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    a[i * r + j] = a[i * r + j] * rowScale[i] * rowScale[j];
                }
            }
        }
    }

    private void scaleColumns(Tensor cur, int r) {
        int rows = cur.rows();
        if (cur.dtype() == DType.F32) {
            float[] a = cur.floatData();
            for (int i = 0; i < rows; i++) {
                int o = i * r;
                for (int j = 0; j < r; j++) {
                    a[o + j] = (float) (a[o + j] * rowScale[j]);
                }
            }
        } else {
            double[] a = cur.doubleData();
            for (int i = 0; i < rows; i++) {
                int o = i * r;
                for (int j = 0; j < r; j++) {
                    a[o + j] = a[o + j] * rowScale[j];
                }
            }
        }
    }

    /** The cached transposed view of one of the two iterate buffers (a view built per call would allocate). */
    private Tensor transposed(Tensor cur) {
        return cur == x ? xt : yt;
    }

    private void ensure(DType dtype, int m, int n, int r) {
        if (x == null || x.dtype() != dtype || x.rows() != m || x.cols() != n) {
            x = Tensor.zeros(dtype, m, n);
            y = Tensor.zeros(dtype, m, n);
            xt = x.t();
            yt = y.t();
            gram = Tensor.zeros(dtype, r, r);
            bm = Tensor.zeros(dtype, r, r);
            rowScale = new double[r];
            shapeTriple = rootShapes ? Coefficients.root(m, n) : null;
        }
    }

    @Override
    public String toString() {
        return name + "(steps=" + steps + ", " + normalization + ")";
    }
}
