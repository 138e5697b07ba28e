package dev.curvature.optim.saddle;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import dev.curvature.optim.run.Monitor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ε-second-order-stationarity certificate at x_t, as a {@link Monitor}. For gradient descent
 * (Jin et al., ICML 2017): x is an ε-SOSP when
 * <pre>  ‖∇f(x)‖ ≤ ε   and   λ_min(∇²f(x)) ≥ −√(ρε);</pre>
 * for P-GD with kernel h and dual scaling λ (Bodard &amp; Patrinos, arXiv 2509.15817, Thm 3.6) when
 * <pre>  λ⁻¹·φ(∇φ*(λ∇f(x))) ≤ ε²   and   λ_min(H_λ(x)) ≥ −√(ρε),   H_λ = ∇²φ*(λ∇f)·∇²f.</pre>
 * Columns: {@code sosp_measure} (‖∇f‖, or the preconditioned measure), {@code lambda_min},
 * {@code sosp} (1 when both conditions hold, else 0) and {@code lambda_min_method} (1: dense
 * eigendecomposition of the Hessian assembled column by column from Hessian-vector products;
 * 2: the problem's closed-form spectrum, {@link HessianSpectrum}; 3: power iteration on
 * Hessian-vector products).
 *
 * <p>Method {@code auto} uses the dense eigendecomposition up to {@code max_dense} parameters,
 * then the closed form when the problem has one, else power iteration. H_λ is the product of two
 * symmetric matrices, the left one positive semidefinite; its eigenvalues are those of
 * P^{1/2}·∇²f·P^{1/2}, P = ∇²φ*(λ∇f), which is what the dense method decomposes (the
 * preconditioned certificate needs the dense method).
 */
public final class SospCertificate implements Monitor {
    /** How λ_min is computed. */
    public enum Method { AUTO, DENSE, EXACT, POWER }

    private final double eps;
    private final double rho;
    private final Method method;
    private final int maxDense;
    private final Preconditioner preconditioner;
    private final int powerIterations;

    /**
     * A certificate with target ε, Hessian Lipschitz constant ρ, the method and dense limit, and the
     * preconditioner of P-GD (null: plain gradient descent's certificate).
     */
    public SospCertificate(double eps, double rho, Method method, int maxDense, Preconditioner preconditioner,
                           int powerIterations) {
        this.eps = Check.positive("sosp_certificate", "eps", eps);
        this.rho = Check.positive("sosp_certificate", "rho", rho);
        this.method = method;
        this.maxDense = (int) Check.atLeast("sosp_certificate", "max_dense", maxDense, 1);
        this.preconditioner = preconditioner;
        this.powerIterations = (int) Check.atLeast("sosp_certificate", "power_iterations", powerIterations, 1);
        if (preconditioner != null && (method == Method.EXACT || method == Method.POWER)) {
            throw new IllegalArgumentException("sosp_certificate: method = " + method.name().toLowerCase(Locale.ROOT)
                    + " cannot certify a preconditioned Hessian; use dense or auto");
        }
    }

    /** Parses a method name. */
    public static Method method(String s) {
        try {
            return Method.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sosp_certificate: method = " + s + " is not one of auto, dense, exact, power");
        }
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        Blocks xd = x.copy(); // the problem must not see (or keep) the run's live iterate
        Blocks gx = x.zerosLike();
        problem.valueAndGradient(xd, gx);
        Blocks g = x.zerosLike(DType.F64).assign(gx);
        double measure = preconditioner == null ? g.norm() : preconditioner.stationarity(g);
        double threshold = preconditioner == null ? eps : eps * eps;
        long d = x.size();
        Method m = method;
        if (m == Method.AUTO) {
            m = d <= maxDense || preconditioner != null ? Method.DENSE
                    : problem instanceof HessianSpectrum ? Method.EXACT : Method.POWER;
        }
        double lmin = switch (m) {
            case DENSE -> dense(problem, xd, g);
            case EXACT -> {
                if (!(problem instanceof HessianSpectrum hs)) {
                    throw new IllegalStateException("sosp_certificate: problem '" + problem.name()
                            + "' has no closed-form Hessian spectrum (method = exact)");
                }
                yield hs.minHessianEigenvalue(xd);
            }
            case POWER -> power(problem, xd);
            case AUTO -> throw new IllegalStateException("unreachable");
        };
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("sosp_measure", measure);
        out.put("lambda_min", lmin);
        out.put("sosp", measure <= threshold && lmin >= -Math.sqrt(rho * eps) ? 1.0 : 0.0);
        out.put("lambda_min_method", m == Method.DENSE ? 1.0 : m == Method.EXACT ? 2.0 : 3.0);
        return out;
    }

    /** λ_min of ∇²f(x) (or of P^{1/2}∇²f P^{1/2}) from the Hessian assembled from d HVPs. */
    private double dense(Problem problem, Blocks x, Blocks g) {
        requireHvp(problem);
        int d = Math.toIntExact(x.size());
        Tensor h = columns(d, x, (v, out) -> problem.hessianVectorProduct(x, v, out));
        symmetrize(h);
        if (preconditioner != null) {
            Blocks gd = g;
            Tensor p = columns(d, x, (v, out) -> {
                Blocks vd = v.zerosLike(DType.F64).assign(v);
                Blocks od = v.zerosLike(DType.F64);
                preconditioner.conjugateHessianTimes(gd, vd, od);
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

    private interface Operator {
        void apply(Blocks v, Blocks out);
    }

    /** The d×d float64 matrix whose column j is op(e_j), e_j the j-th flat unit vector over the blocks. */
    private static Tensor columns(int d, Blocks like, Operator op) {
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
    private double power(Problem problem, Blocks x) {
        requireHvp(problem);
        RandomStream rng = RandomStream.of(0x5EED);
        Blocks v = x.zerosLike();
        Blocks hv = x.zerosLike();
        Perturbation.uniformInBall(v, 1, rng);
        v.scale(1 / v.norm());
        double sigma = 0;
        for (int i = 0; i < powerIterations; i++) {
            problem.hessianVectorProduct(x, v, hv);
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
            problem.hessianVectorProduct(x, v, hv);
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

    private static void requireHvp(Problem problem) {
        if (!problem.hasHessianVectorProduct()) {
            throw new IllegalStateException("sosp_certificate: problem '" + problem.name()
                    + "' has no Hessian-vector product");
        }
    }
}
