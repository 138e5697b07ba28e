package dev.curvature.diagnostics;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.saddle.HessianSpectrum;
import dev.curvature.optim.saddle.Perturbation;
import dev.curvature.optim.saddle.Preconditioner;

/**
 * Computes {@link SospCertificate}s at points of a problem (Jin et al., ICML 2017, Def. 4; Bodard
 * &amp; Patrinos, arXiv 2509.15817, Thm 3.6): one gradient, the stationarity measure ‖∇f‖ or
 * λ⁻¹·φ(∇φ*(λ∇f)) of a {@link Preconditioner}, and λ_min of ∇²f or of H_λ = ∇²φ*(λ∇f)·∇²f by one
 * {@link SospCertificate.Method}:
 * <ul>
 *   <li>dense: the matrix assembled from d products, then its eigendecomposition; for H_λ the
 *       eigenvalues of P^{1/2}·∇²f·P^{1/2}, P = ∇²φ*(λ∇f), with P assembled from
 *       {@link PreconditionedHessian#applyP} and its root taken by eigendecomposition;</li>
 *   <li>exact: the problem's closed-form spectrum ({@link HessianSpectrum});</li>
 *   <li>power: two power iterations, on ∇²f and on σI − ∇²f;</li>
 *   <li>Lanczos: thick-restart {@link Lanczos} on ∇²f or on the symmetric form of H_λ
 *       ({@link PreconditionedHessian}), which also gives the direction of most negative
 *       curvature.</li>
 * </ul>
 * The problem sees a copy of the point, never the caller's blocks. Buffers and the Lanczos
 * workspace are reused across calls, so it can run every k steps inside a loop. Not thread-safe.
 */
public final class SospChecker {
    private final SospCertificate.Method method;
    private final int maxDense;
    private final int powerIterations;
    private final Lanczos lanczos;
    private final HessianOperator hessian;
    private final PreconditionedHessian preconditioned = new PreconditionedHessian();
    private Blocks point;
    private Blocks gradient;
    private Blocks gradient64;
    private Blocks direction;
    private Lanczos.Result last;

    /**
     * A checker with the method for λ_min, the dimension up to which AUTO is dense, the power
     * iterations, the Lanczos settings (null when the method is not Lanczos) and the Hessian products.
     */
    public SospChecker(SospCertificate.Method method, int maxDense, int powerIterations, Lanczos.Options options,
                       HessianOperator.Mode mode) {
        this.method = method;
        this.maxDense = maxDense;
        this.powerIterations = powerIterations;
        this.lanczos = options == null ? null : new Lanczos(options);
        this.hessian = new HessianOperator(mode);
    }

    /** A Lanczos checker (the method of the {@code sosp} and {@code sosp_preconditioned} monitors). */
    public SospChecker(Lanczos.Options options, HessianOperator.Mode mode) {
        this(SospCertificate.Method.LANCZOS, 1, 1, options, mode);
    }

    /** The plain certificate at x: ‖∇f(x)‖ ≤ ε and λ_min(∇²f(x)) ≥ −√(ρε). */
    public SospCertificate plain(Problem problem, Blocks x, double eps, double rho, RandomStream rng) {
        return certify(problem, x, eps, rho, null, rng);
    }

    /**
     * The certificate at x: plain when {@code preconditioner} is null, else P-GD's,
     * λ⁻¹·φ(∇φ*(λ∇f)) ≤ ε² and λ_min(H_λ(x)) ≥ −√(ρε). {@code rng} draws the Lanczos start vector.
     */
    public SospCertificate certify(Problem problem, Blocks x, double eps, double rho, Preconditioner preconditioner,
                                   RandomStream rng) {
        if (!Workspaces.sameStructure(point, x)) {
            point = x.zerosLike();
            gradient = x.zerosLike();
            gradient64 = x.zerosLike(DType.F64);
            direction = x.zerosLike();
        }
        point.assign(x);
        problem.valueAndGradient(point, gradient);
        gradient64.assign(gradient);
        double measure = preconditioner == null ? gradient64.norm() : preconditioner.stationarity(gradient64);
        SospCertificate.Method m = method;
        if (m == SospCertificate.Method.AUTO) {
            m = x.size() <= maxDense || preconditioner != null ? SospCertificate.Method.DENSE
                    : problem instanceof HessianSpectrum ? SospCertificate.Method.EXACT : SospCertificate.Method.POWER;
        }
        last = null;
        double lmin;
        boolean converged = true;
        int hvps = 0;
        switch (m) {
            case DENSE -> {
                lmin = dense(problem, preconditioner);
                hvps = Math.toIntExact(x.size());
            }
            case EXACT -> {
                if (!(problem instanceof HessianSpectrum hs)) {
                    throw new IllegalStateException("sosp_certificate: problem '" + problem.name()
                            + "' has no closed-form Hessian spectrum (method = exact)");
                }
                lmin = hs.minHessianEigenvalue(point);
            }
            case POWER -> {
                lmin = power(problem);
                hvps = 2 * powerIterations;
            }
            case LANCZOS -> {
                lmin = lanczos(problem, preconditioner, rng);
                converged = last.converged();
                hvps = last.hvps();
            }
            default -> throw new IllegalStateException("unreachable");
        }
        return preconditioner == null ? SospCertificate.plain(measure, lmin, m, converged, hvps, eps, rho)
                : SospCertificate.preconditioned(measure, lmin, m, converged, hvps, eps, rho);
    }

    /** The Lanczos result of the last call (null when it used another method). */
    public Lanczos.Result lastLanczos() {
        return last;
    }

    /**
     * The unit direction of most negative curvature found by the last Lanczos call: the Ritz vector
     * of λ_min(∇²f), or the right eigenvector P^{1/2}u of H_λ (normalized). Overwritten by the next call.
     */
    public Blocks negativeCurvatureDirection() {
        return direction;
    }

    private double lanczos(Problem problem, Preconditioner preconditioner, RandomStream rng) {
        hessian.bind(problem, point);
        if (preconditioner == null) {
            last = lanczos.compute(hessian, point, rng, Lanczos.Target.MIN);
            direction.assign(last.minVector());
        } else {
            preconditioned.bind(hessian, gradient, preconditioner);
            last = lanczos.compute(preconditioned, point, rng, Lanczos.Target.MIN);
            preconditioned.toEigenvector(last.minVector(), direction);
            double dn = direction.norm();
            if (dn > 0) {
                direction.scale(1 / dn);
            }
        }
        return last.lambdaMin();
    }

    /** λ_min of ∇²f(x) (or of P^{1/2}∇²f P^{1/2}) from the matrix assembled from d products. */
    private double dense(Problem problem, Preconditioner preconditioner) {
        int d = Math.toIntExact(point.size());
        hessian.bind(problem, point);
        Tensor h = columns(d, point, hessian);
        symmetrize(h);
        if (preconditioner != null) {
            preconditioned.bind(null, gradient64, preconditioner);
            Blocks vd = gradient64.zerosLike();
            Blocks od = gradient64.zerosLike();
            Tensor p = columns(d, point, (v, out) -> {
                vd.assign(v);
                preconditioned.applyP(vd, od);
                out.assign(od);
            });
            symmetrize(p);
            Eigh e = Linalg.eigh(p);
            Tensor vs = e.vectors().copy();
            for (int j = 0; j < d; j++) {
                vs.col(j).scale(Math.sqrt(Math.max(0, e.values().get(j))));
            }
            Tensor root = Linalg.matmul(vs, e.vectors().t()); // P^{1/2}
            h = Linalg.matmul(Linalg.matmul(root, h), root);
            symmetrize(h);
        }
        return Linalg.eigh(h).values().get(0);
    }

    /** The d×d float64 matrix whose column j is op(e_j), e_j the j-th flat unit vector over the blocks. */
    private static Tensor columns(int d, Blocks like, SymmetricOperator op) {
        Tensor m = Tensor.zeros(DType.F64, d, d);
        Blocks e = like.zerosLike();
        Blocks out = like.zerosLike();
        int j = 0;
        for (int b = 0; b < e.count(); b++) {
            Tensor t = e.tensor(b);
            for (int i = 0; i < t.size(); i++, j++) {
                t.setFlat(i, 1);
                op.apply(e, out);
                t.setFlat(i, 0);
                int r = 0;
                for (int ob = 0; ob < out.count(); ob++) {
                    Tensor o = out.tensor(ob);
                    for (int k = 0; k < o.size(); k++, r++) {
                        m.set(o.getFlat(k), r, j);
                    }
                }
            }
        }
        return m;
    }

    private static void symmetrize(Tensor a) {
        int d = a.rows();
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(v, i, j);
                a.set(v, j, i);
            }
        }
    }

    /**
     * λ_min by two power iterations on Hessian-vector products: first the spectral radius σ of
     * ∇²f, then the largest eigenvalue μ of σI − ∇²f, λ_min = σ − μ. Accurate when the gap below
     * λ_min is not tiny relative to σ (and an upper estimate otherwise).
     */
    private double power(Problem problem) {
        hessian.bind(problem, point);
        RandomStream rng = RandomStream.of(0x5EED);
        Blocks v = point.zerosLike();
        Blocks hv = point.zerosLike();
        Perturbation.uniformInBall(v, 1, rng);
        v.scale(1 / v.norm());
        double sigma = 0;
        for (int i = 0; i < powerIterations; i++) {
            hessian.apply(v, hv);
            sigma = hv.norm();
            if (sigma == 0) {
                return 0;
            }
            v.assign(hv).scale(1 / sigma);
        }
        Perturbation.uniformInBall(v, 1, rng);
        v.scale(1 / v.norm());
        double mu = 0;
        for (int i = 0; i < powerIterations; i++) {
            hessian.apply(v, hv);
            hv.scale(-1).addScaled(sigma, v); // (σI − H)v
            mu = v.dot(hv);
            double n = hv.norm();
            if (n == 0) {
                break;
            }
            v.assign(hv).scale(1 / n);
        }
        return sigma - mu;
    }
}
