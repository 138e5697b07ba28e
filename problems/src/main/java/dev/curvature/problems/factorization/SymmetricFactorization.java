package dev.curvature.problems.factorization;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Label;
import dev.curvature.optim.Problem;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Symmetric matrix factorization (Bodard &amp; Patrinos, arXiv 2509.15817, Thm 2.13 and Fig. 2; Jin et
 * al., ICML 2017, §5):
 * <pre>  f(U) = c·‖UUᵀ − Y‖_F²,   U ∈ R^{n×r},   ∇f(U) = 4c·(UUᵀ − Y)·U,</pre>
 * Hessian-vector product ∇²f(U)[V] = 4c·(V·UᵀU + U·VᵀU + (UUᵀ − Y)·V), for symmetric Y.
 *
 * <p>Gradient convention: the scale c is {@code loss_scale}, default ½, so that f = ½‖UUᵀ − Y‖² and
 * the gradient is the exact 2(UUᵀ − Y)U. The paper prints ∇f(U) = (UUᵀ − Y)U, which is the gradient
 * of ¼‖UUᵀ − Y‖²: use {@code loss_scale = 0.25} for that convention.
 *
 * <p>Y is given ({@code y}: n·n numbers, row-major, symmetrized), or has a given spectrum
 * ({@code y_spectrum}: σ₁, …, σ_k, k ≤ n) and Haar-random eigenvectors, Y = Q·diag(σ)·Qᵀ with
 * Q ∈ R^{n×k} orthonormal drawn from the instance seed (so the spectrum, hence ℓ, ρ and the
 * strict-saddle constants, does not change with n: Jin et al.'s M* of rank r), or is drawn from
 * the instance seed as Y = MMᵀ/r_Y with M ∈ R^{n×r_Y} standard normal. The minimum is known from the eigenvalues of Y:
 * f* = c·Σ λ_i² over the eigenvalues not among the r largest positive ones. The initial point is
 * {@code init} (n·r numbers, row-major) when given, else a uniform direction on the sphere of
 * radius {@code init_radius} (Frobenius norm) from the run's stream. Not thread-safe: the
 * residual buffers are per instance.
 */
public final class SymmetricFactorization implements Problem {
    private final int n;
    private final int r;
    private final double scale;
    private final Tensor y;
    private final double[] init;
    private final double initRadius;
    private final DType dtype;
    private final double optimum;
    private final Tensor e;
    private final Tensor w;
    private final Tensor z;

    /**
     * @param y    Y row-major (n·n values), or null for a random PSD Y of rank {@code rankY}
     * @param init U₀ row-major (n·r values), or null for a random direction of norm {@code initRadius}
     */
    public SymmetricFactorization(int n, int r, double[] y, int rankY, double lossScale, double[] init,
                                  double initRadius, long seed, DType dtype) {
        this(n, r, y, null, rankY, lossScale, init, initRadius, seed, dtype);
    }

    /**
     * @param y          Y row-major (n·n values), or null
     * @param ySpectrum  the eigenvalues of Y with Haar-random eigenvectors (at most n values), or null;
     *                   at most one of {@code y} and {@code ySpectrum} is given; with neither, Y is random
     *                   PSD of rank {@code rankY}
     * @param init       U₀ row-major (n·r values), or null for a random direction of norm {@code initRadius}
     */
    public SymmetricFactorization(int n, int r, double[] y, double[] ySpectrum, int rankY, double lossScale,
                                  double[] init, double initRadius, long seed, DType dtype) {
        this.n = (int) Check.atLeast("symmetric_factorization", "n", n, 1);
        this.r = (int) Check.range("symmetric_factorization", "r", r, 1, true, n, true);
        this.scale = Check.positive("symmetric_factorization", "loss_scale", lossScale);
        this.initRadius = Check.nonNegative("symmetric_factorization", "init_radius", initRadius);
        this.dtype = dtype;
        Tensor yy = Tensor.zeros(DType.F64, n, n);
        if (y != null && ySpectrum != null) {
            throw new IllegalArgumentException("symmetric_factorization: give y or y_spectrum, not both");
        }
        if (ySpectrum != null) {
            if (ySpectrum.length == 0 || ySpectrum.length > n) {
                throw new IllegalArgumentException("symmetric_factorization: y_spectrum has " + ySpectrum.length
                        + " values, expected 1 to n = " + n);
            }
            int k = ySpectrum.length;
            Tensor q = RandomStream.of(seed).haarOrthogonal(DType.F64, n, k);
            Tensor qs = q.copy();
            for (int j = 0; j < k; j++) {
                Check.finite("symmetric_factorization", "y_spectrum", ySpectrum[j]);
                qs.col(j).scale(ySpectrum[j]);
            }
            Linalg.gemm(1.0, qs, q.t(), 0.0, yy);
            for (int i = 0; i < n; i++) { // exact symmetry
                for (int j = i + 1; j < n; j++) {
                    double a = 0.5 * (yy.get(i, j) + yy.get(j, i));
                    yy.set(a, i, j);
                    yy.set(a, j, i);
                }
            }
        } else if (y != null) {
            if (y.length != n * n) {
                throw new IllegalArgumentException("symmetric_factorization: y has " + y.length + " values, expected n·n = "
                        + n * n);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    yy.set(0.5 * (y[i * n + j] + y[j * n + i]), i, j);
                }
            }
        } else {
            Check.range("symmetric_factorization", "rank_y", rankY, 1, true, n, true);
            Tensor m = RandomStream.of(seed).fillNormal(Tensor.zeros(DType.F64, n, rankY), 0, 1);
            Linalg.syrk(1.0 / rankY, m, 0, yy);
        }
        if (init != null && init.length != n * r) {
            throw new IllegalArgumentException("symmetric_factorization: init has " + init.length
                    + " values, expected n·r = " + n * r);
        }
        this.init = init == null ? null : init.clone();
        double[] eig = Linalg.eigh(yy).values().toDoubleArray();
        Arrays.sort(eig);
        double rest = 0;
        int kept = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (kept < r && eig[i] > 0) {
                kept++;
            } else {
                rest += eig[i] * eig[i];
            }
        }
        this.optimum = scale * rest;
        this.y = yy.to(dtype);
        this.e = Tensor.zeros(dtype, n, n);
        this.w = Tensor.zeros(dtype, r, r);
        this.z = Tensor.zeros(dtype, r, r);
    }

    @Override
    public String name() {
        return "symmetric_factorization";
    }

    /** Y. */
    public Tensor target() {
        return y;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor u = Tensor.zeros(dtype, n, r);
        if (init != null) {
            for (int i = 0; i < n * r; i++) {
                u.setFlat(i, init[i]);
            }
        } else if (initRadius > 0) {
            rng.uniformOnSphere(u, initRadius);
        }
        return Blocks.of(java.util.List.of(new Blocks.Block("U", Label.MATRIX, u)));
    }

    /** E ← UUᵀ − Y. */
    private void residual(Tensor u) {
        Linalg.syrk(1.0, u, 0.0, e);
        e.sub(y);
    }

    @Override
    public double value(Blocks x) {
        residual(x.tensor(0));
        double nrm = e.norm();
        return scale * nrm * nrm;
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        Tensor u = x.tensor(0);
        residual(u);
        Linalg.gemm(4 * scale, e, u, 0.0, grad.tensor(0));
        double nrm = e.norm();
        return scale * nrm * nrm;
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
        Linalg.gemm(1.0, u.t(), u, 0.0, w); // UᵀU
        Linalg.gemm(1.0, v.t(), u, 0.0, z); // VᵀU
        Linalg.gemm(4 * scale, e, v, 0.0, o);
        Linalg.gemm(4 * scale, v, w, 1.0, o);
        Linalg.gemm(4 * scale, u, z, 1.0, o);
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(optimum);
    }
}
