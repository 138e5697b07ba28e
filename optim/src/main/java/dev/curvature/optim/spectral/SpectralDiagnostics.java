package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;

/**
 * Measurements of polar factors and spectral updates, for monitors, tests and the numerics
 * reproduction:
 * <ul>
 *   <li>polar error ‖X − U·Vᵀ‖_F/√r, r = min(m, n): the RMS distance of an engine's output X from
 *       the exact polar factor over the r singular directions (0 for an exact engine; about
 *       RMS(σ_i(X) − 1) when X shares G's singular vectors, as polynomial iterations do);</li>
 *   <li>the singular-value range [σ_min, σ_max] of X;</li>
 *   <li>the RMS ‖u‖_F/√(m·n) of an update and its spectrum.</li>
 * </ul>
 * These allocate (they are diagnostics, not part of a step).
 */
public final class SpectralDiagnostics {
    private SpectralDiagnostics() {}

    /** ‖x − exact‖_F/√min(m, n). */
    public static double polarError(Tensor x, Tensor exact) {
        x.requireRank(2, "polarError");
        double s = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                double d = x.get(i, j) - exact.get(i, j);
                s += d * d;
            }
        }
        return Math.sqrt(s / Math.max(1, Math.min(x.rows(), x.cols())));
    }

    /** The exact polar factor of g, in float64. */
    public static Tensor exactPolar(Tensor g) {
        Tensor g64 = g.dtype() == DType.F64 ? g : g.to(DType.F64);
        Tensor out = Tensor.zeros(DType.F64, g.rows(), g.cols());
        new ExactPolar(g.dtype()).polar(g64, out);
        return out;
    }

    /** The engine's output on g and its polar error against the exact factor of g. */
    public static double polarError(PolarEngine engine, Tensor g) {
        Tensor out = Tensor.zeros(g.dtype(), g.rows(), g.cols());
        engine.polar(g, out);
        return polarError(out.dtype() == DType.F64 ? out : out.to(DType.F64), exactPolar(g));
    }

    /** Singular values of x, descending, in float64. */
    public static double[] singularValues(Tensor x) {
        return new ExactPolar().singularValues(x.dtype() == DType.F64 ? x : x.to(DType.F64));
    }

    /**
     * {σ_min, σ_max} of x (over min(m, n) values): from the SVD up to 64 rows, above from the
     * eigenvalues of the smaller Gram matrix (float64; relative accuracy ε·σ_max²/σ², ample for
     * the near-1 values of polar iterates).
     */
    public static double[] singularValueRange(Tensor x) {
        int r = Math.min(x.rows(), x.cols());
        if (r == 0) {
            return new double[] {0, 0};
        }
        if (r <= 64) {
            double[] s = singularValues(x);
            return new double[] {s[s.length - 1], s[0]};
        }
        Tensor x64 = x.dtype() == DType.F64 ? x : x.to(DType.F64);
        Tensor gram = Linalg.gram(x.rows() <= x.cols() ? x64 : x64.t());
        Tensor ev = Linalg.eigh(gram).values();
        return new double[] {Math.sqrt(Math.max(0, ev.get(0))), Math.sqrt(Math.max(0, ev.get(r - 1)))};
    }

    /** The exact polar factor (float64) and the singular values of g, descending. */
    public record Exact(Tensor polar, double[] sigma) {}

    /** {@link #exactPolar} and the singular values in one SVD. */
    public static Exact exact(Tensor g) {
        Tensor g64 = g.dtype() == DType.F64 ? g : g.to(DType.F64);
        Tensor out = Tensor.zeros(DType.F64, g.rows(), g.cols());
        double[] s = new ExactPolar(g.dtype()).polarWithValues(g64, out);
        return new Exact(out, s);
    }

    /** ‖u‖_F/√size. */
    public static double rms(Tensor u) {
        return u.size() == 0 ? 0 : u.norm() / Math.sqrt(u.size());
    }
}
