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
import java.util.OptionalDouble;

/**
 * Low-rank symmetric matrix sensing in the Burer–Monteiro form (Ge, Jin &amp; Zheng, "No spurious local
 * minima in nonconvex low rank problems", ICML 2017; Bhojanapalli, Neyshabur &amp; Srebro, NeurIPS 2016):
 * <pre>
 *   f(U) = (1/(2m))·Σ_{i=1..m} (⟨A_i, UUᵀ⟩ − b_i)²,   b_i = ⟨A_i, U*U*ᵀ⟩,   U ∈ R^{n×r}
 *   ∇f(U) = (2/m)·S·U,   S = Σ_i r_i·A_i,   r_i = ⟨A_i, UUᵀ⟩ − b_i
 *   ∇²f(U)[V] = (2/m)·(S′·U + S·V),   S′ = Σ_i ⟨A_i, VUᵀ + UVᵀ⟩·A_i
 * </pre>
 * with symmetric Gaussian sensing matrices A_i = (G_i + G_iᵀ)/2 (G_i standard normal) and U*
 * standard normal scaled by 1/√n, both from the instance seed; f* = 0 at U = U*Q for orthogonal Q.
 * The m matrices are stored as one m×n² matrix, so r and S are BLAS matrix-vector products. The
 * initial point has entries N(0, init_scale²/n). Not thread-safe.
 */
public final class MatrixSensing implements Problem {
    private final int n;
    private final int r;
    private final int m;
    private final double initScale;
    private final DType dtype;
    private final Tensor a;
    private final Tensor b;
    private final Tensor uStar;
    private final Tensor mm;
    private final Tensor res;
    private final Tensor s;
    private final Tensor s2;
    private final Tensor dres;
    // Flat views of the n×n buffers and the transposed sensing matrix, made once.
    private final Tensor aT;
    private final Tensor mmVec;
    private final Tensor sVec;
    private final Tensor s2Vec;

    public MatrixSensing(int n, int r, int m, double initScale, long seed, DType dtype) {
        this.n = (int) Check.atLeast("matrix_sensing", "n", n, 1);
        this.r = (int) Check.range("matrix_sensing", "r", r, 1, true, n, true);
        this.m = (int) Check.atLeast("matrix_sensing", "m", m, 1);
        this.initScale = Check.nonNegative("matrix_sensing", "init_scale", initScale);
        this.dtype = dtype;
        RandomStream rng = RandomStream.of(seed);
        Tensor am = Tensor.zeros(DType.F64, m, n * n);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < n; p++) {
                for (int q = p; q < n; q++) {
                    double v = p == q ? rng.nextGaussian() : 0.5 * (rng.nextGaussian() + rng.nextGaussian());
                    am.set(v, i, p * n + q);
                    am.set(v, i, q * n + p);
                }
            }
        }
        Tensor us = rng.fillNormal(Tensor.zeros(DType.F64, n, r), 0, 1 / Math.sqrt(n));
        Tensor mstar = Linalg.gram(us);
        Tensor bb = Tensor.zeros(DType.F64, m);
        Linalg.gemv(1.0, am, mstar.reshape(n * n), 0.0, bb);
        this.a = am.to(dtype);
        this.b = bb.to(dtype);
        this.uStar = us.to(dtype);
        this.mm = Tensor.zeros(dtype, n, n);
        this.res = Tensor.zeros(dtype, m);
        this.dres = Tensor.zeros(dtype, m);
        this.s = Tensor.zeros(dtype, n, n);
        this.s2 = Tensor.zeros(dtype, n, n);
        this.aT = a.t();
        this.mmVec = mm.reshape(n * n);
        this.sVec = s.reshape(n * n);
        this.s2Vec = s2.reshape(n * n);
    }

    @Override
    public String name() {
        return "matrix_sensing";
    }

    /** U*. */
    public Tensor groundTruth() {
        return uStar;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor u = rng.fillNormal(Tensor.zeros(dtype, n, r), 0, initScale / Math.sqrt(n));
        return Blocks.of(List.of(new Blocks.Block("U", Label.MATRIX, u)));
    }

    /** res ← A·vec(UUᵀ) − b; returns f. */
    private double residual(Tensor u) {
        Linalg.syrk(1.0, u, 0.0, mm);
        Linalg.gemv(1.0, a, mmVec, 0.0, res);
        res.sub(b);
        double rn = res.norm();
        return rn * rn / (2.0 * m);
    }

    @Override
    public double value(Blocks x) {
        return residual(x.tensor(0));
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        Tensor u = x.tensor(0);
        double f = residual(u);
        Linalg.gemv(1.0, aT, res, 0.0, sVec);
        Linalg.gemm(2.0 / m, s, u, 0.0, grad.tensor(0));
        return f;
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks vb, Blocks out) {
        Tensor u = x.tensor(0);
        Tensor v = vb.tensor(0);
        Tensor o = out.tensor(0);
        residual(u);
        Linalg.gemv(1.0, aT, res, 0.0, sVec);
        // VUᵀ + UVᵀ into mm (free again), then dr = A·vec(·) and S′ = mat(Aᵀ·dr).
        Linalg.gemm(1.0, v, u.t(), 0.0, mm);
        Linalg.gemm(1.0, u, v.t(), 1.0, mm);
        Linalg.gemv(1.0, a, mmVec, 0.0, dres);
        Linalg.gemv(1.0, aT, dres, 0.0, s2Vec);
        Linalg.gemm(2.0 / m, s2, u, 0.0, o);
        Linalg.gemm(2.0 / m, s, v, 1.0, o);
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(0);
    }
}
