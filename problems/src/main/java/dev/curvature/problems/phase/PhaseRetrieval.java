package dev.curvature.problems.phase;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * Real phase retrieval with the quartic loss (Candès, Li &amp; Soltanolkotabi, "Phase retrieval via
 * Wirtinger flow", IEEE TIT 2015; Bodard &amp; Patrinos, arXiv 2509.15817, Thm 2.12):
 * <pre>
 *   f(x) = (s/4)·Σ_{i=1..m} (y_i − (a_iᵀx)²)²
 *   ∇f(x) = s·Σ_i ((a_iᵀx)² − y_i)·(a_iᵀx)·a_i = s·Aᵀ((z² − y) ⊙ z),   z = Ax
 *   ∇²f(x)·v = s·Aᵀ((3z² − y) ⊙ Av)
 * </pre>
 * with s = 1, or s = 1/m when {@code normalize}. Bodard &amp; Patrinos write y_i² for the intensity of
 * y_i = |a_iᵀx*|; here y_i is the intensity itself. Without noise, f* = 0 at x = ±x*; with noise the
 * minimum is unknown (not reported). Assumption 2.8 holds when the a_i span R^n (m ≥ n).
 * The data are a {@link PhaseRetrievalData} (any sensing distribution); the initial point has
 * entries N(0, init_scale²/n) from the run's stream. Not thread-safe: z and the weights are
 * per-instance buffers.
 */
public final class PhaseRetrieval implements Problem {
    private final PhaseRetrievalData data;
    private final double s;
    private final double initScale;
    private final DType dtype;
    private final Tensor at;
    private final Tensor z;
    private final Tensor w;

    public PhaseRetrieval(PhaseRetrievalData data, boolean normalize, double initScale, DType dtype) {
        if (data.sensing().dtype() != dtype) {
            throw new IllegalArgumentException("phase_retrieval: data are " + data.sensing().dtype() + ", problem is "
                    + dtype);
        }
        this.data = data;
        this.s = normalize ? 1.0 / data.m() : 1.0;
        this.initScale = Check.nonNegative("phase_retrieval", "init_scale", initScale);
        this.dtype = dtype;
        this.at = data.sensing().t();
        this.z = Tensor.zeros(dtype, data.m());
        this.w = Tensor.zeros(dtype, data.m());
    }

    @Override
    public String name() {
        return "phase_retrieval";
    }

    /** The data. */
    public PhaseRetrievalData data() {
        return data;
    }

    /** min over the sign ±x* of ‖x ∓ x*‖/‖x*‖, the usual error of phase retrieval. */
    public double relativeError(Blocks x) {
        Tensor v = x.tensor(0);
        Tensor xs = data.signal();
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < v.size(); i++) {
            double a = v.get(i);
            double b = xs.get(i);
            plus += (a - b) * (a - b);
            minus += (a + b) * (a + b);
        }
        return Math.sqrt(Math.min(plus, minus)) / xs.norm();
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        int n = data.n();
        return Blocks.single(rng.fillNormal(Tensor.zeros(dtype, n), 0, initScale / Math.sqrt(n)));
    }

    /** z ← Ax; returns f. */
    private double forward(Tensor x) {
        Linalg.gemv(1.0, data.sensing(), x, 0.0, z);
        Tensor y = data.measurements();
        double f = 0;
        for (int i = 0, m = z.size(); i < m; i++) {
            double zi = z.get(i);
            double r = y.get(i) - zi * zi;
            f += r * r;
        }
        return 0.25 * s * f;
    }

    @Override
    public double value(Blocks x) {
        return forward(x.tensor(0));
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        double f = forward(x.tensor(0));
        Tensor y = data.measurements();
        for (int i = 0, m = z.size(); i < m; i++) {
            double zi = z.get(i);
            w.set((zi * zi - y.get(i)) * zi, i);
        }
        Linalg.gemv(s, at, w, 0.0, grad.tensor(0));
        return f;
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks x, Blocks v, Blocks out) {
        Linalg.gemv(1.0, data.sensing(), x.tensor(0), 0.0, z);
        Linalg.gemv(1.0, data.sensing(), v.tensor(0), 0.0, w);
        Tensor y = data.measurements();
        for (int i = 0, m = z.size(); i < m; i++) {
            double zi = z.get(i);
            w.set((3 * zi * zi - y.get(i)) * w.get(i), i);
        }
        Linalg.gemv(s, at, w, 0.0, out.tensor(0));
    }

    @Override
    public OptionalDouble optimum() {
        return data.noise() == 0 ? OptionalDouble.of(0) : OptionalDouble.empty();
    }
}
