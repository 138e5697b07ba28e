package dev.curvature.problems.phase;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;

/**
 * An instance of real phase retrieval: sensing vectors a_i (the rows of an m×n matrix A), a signal
 * x* and intensity measurements y_i = (a_iᵀx*)² + σ·ε_i, ε_i ~ N(0, 1). Built in two steps so that
 * any sensing distribution can reuse the measurement model: draw or construct A (e.g.
 * {@link #gaussianSensing}, or anisotropic rows Z·Σ^{1/2}), then {@link #measure}. Immutable by
 * convention (the tensors are not copied; do not modify them).
 *
 * @param sensing      A, m×n
 * @param measurements y, length m
 * @param signal       x*, length n
 * @param noise        σ
 */
public record PhaseRetrievalData(Tensor sensing, Tensor measurements, Tensor signal, double noise) {

    public PhaseRetrievalData {
        if (sensing.rank() != 2 || measurements.rank() != 1 || signal.rank() != 1
                || sensing.rows() != measurements.dim(0) || sensing.cols() != signal.dim(0)) {
            throw new IllegalArgumentException("phase retrieval data: A " + Tensor.shapeString(sensing.shape())
                    + ", y " + Tensor.shapeString(measurements.shape()) + " and x* "
                    + Tensor.shapeString(signal.shape()) + " do not fit (A must be m×n, y of length m, x* of length n)");
        }
    }

    /** Number of measurements m. */
    public int m() {
        return sensing.rows();
    }

    /** Signal dimension n. */
    public int n() {
        return sensing.cols();
    }

    /** An m×n float64 matrix of independent standard normal entries (isotropic Gaussian a_i). */
    public static Tensor gaussianSensing(int m, int n, RandomStream rng) {
        return rng.fillNormal(Tensor.zeros(DType.F64, m, n), 0, 1);
    }

    /**
     * The data for sensing matrix A and signal x*: y = (Ax*)² + σ·N(0, I) (noise drawn from
     * {@code rng} when σ &gt; 0), all converted to {@code dtype}.
     */
    public static PhaseRetrievalData measure(Tensor sensing, Tensor signal, double noise, RandomStream rng,
                                             DType dtype) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("phase_retrieval: noise = " + noise + " is outside [0, ∞)");
        }
        Tensor a = sensing.to(DType.F64);
        Tensor x = signal.to(DType.F64);
        Tensor y = Tensor.zeros(DType.F64, a.rows());
        Linalg.gemv(1.0, a, x, 0.0, y);
        for (int i = 0; i < y.size(); i++) {
            double z = y.get(i);
            y.set(z * z + (noise > 0 ? noise * rng.nextGaussian() : 0), i);
        }
        return new PhaseRetrievalData(a.to(dtype), y.to(dtype), x.to(dtype), noise);
    }
}
