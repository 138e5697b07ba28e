package dev.curvature.optim.spectral;

/**
 * Small dense factorizations on row-major float64 arrays, in place and allocation-free, for the
 * r×r and m×r matrices of Dion's orthonormalization (r is the rank, usually ≪ m).
 */
final class DenseKernels {
    private DenseKernels() {}

    /**
     * Thin Householder QR of the m×r matrix a (m ≥ r, row-major, leading dimension r): on return
     * a holds Q (m×r, orthonormal columns) and, when {@code rOut} is not null, rOut the r×r upper
     * triangular R (row-major). {@code tau} holds at least r doubles.
     */
    static void householderQr(double[] a, int m, int r, double[] tau, double[] rOut) {
        for (int k = 0; k < r; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm = Math.hypot(norm, a[i * r + k]);
            }
            double alpha = a[k * r + k];
            double beta = alpha >= 0 ? -norm : norm;
            if (norm == 0) {
                tau[k] = 0;
                continue;
            }
            tau[k] = (beta - alpha) / beta;
            double scale = 1.0 / (alpha - beta);
            for (int i = k + 1; i < m; i++) {
                a[i * r + k] *= scale;
            }
            a[k * r + k] = beta;
            // Apply H = I − τ·v·vᵀ (v_k = 1, v_i = a[i][k]) to the remaining columns.
            for (int j = k + 1; j < r; j++) {
                double s = a[k * r + j];
                for (int i = k + 1; i < m; i++) {
                    s += a[i * r + k] * a[i * r + j];
                }
                s *= tau[k];
                a[k * r + j] -= s;
                for (int i = k + 1; i < m; i++) {
                    a[i * r + j] -= s * a[i * r + k];
                }
            }
        }
        if (rOut != null) {
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    rOut[i * r + j] = j >= i ? a[i * r + j] : 0.0;
                }
            }
        }
        // Form Q in place, backwards: Q = H_0 … H_{r−1}·[I; 0].
        for (int k = r - 1; k >= 0; k--) {
            double t = tau[k];
            for (int j = k + 1; j < r; j++) {
                double s = 0;
                for (int i = k + 1; i < m; i++) {
                    s += a[i * r + k] * a[i * r + j];
                }
                s *= t;
                a[k * r + j] = -s;
                for (int i = k + 1; i < m; i++) {
                    a[i * r + j] -= s * a[i * r + k];
                }
            }
            a[k * r + k] = 1 - t;
            for (int i = k + 1; i < m; i++) {
                a[i * r + k] = -t * a[i * r + k];
            }
        }
    }

    /**
     * Lower Cholesky factor of the symmetric r×r matrix g in place (g = L·Lᵀ, upper triangle
     * zeroed); false when a pivot is not positive and finite.
     */
    static boolean cholesky(double[] g, int r) {
        for (int j = 0; j < r; j++) {
            double d = g[j * r + j];
            for (int k = 0; k < j; k++) {
                d -= g[j * r + k] * g[j * r + k];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            g[j * r + j] = ljj;
            for (int i = j + 1; i < r; i++) {
                double s = g[i * r + j];
                for (int k = 0; k < j; k++) {
                    s -= g[i * r + k] * g[j * r + k];
                }
                g[i * r + j] = s / ljj;
            }
            for (int i = 0; i < j; i++) {
                g[i * r + j] = 0;
            }
        }
        return true;
    }

    /** p ← p·U⁻¹ for the m×r p and an upper triangular r×r U (row-major). */
    static void solveRightUpper(double[] p, int m, int r, double[] u) {
        for (int row = 0; row < m; row++) {
            int o = row * r;
            for (int j = 0; j < r; j++) {
                double s = p[o + j];
                for (int i = 0; i < j; i++) {
                    s -= p[o + i] * u[i * r + j];
                }
                p[o + j] = s / u[j * r + j];
            }
        }
    }

    /** p ← p·L⁻ᵀ for a lower triangular L (so that p·Lᵀ⁻¹ with PᵀP = L·Lᵀ has orthonormal columns). */
    static void solveRightLowerTransposed(double[] p, int m, int r, double[] l) {
        // x·Lᵀ = b, Lᵀ upper with (Lᵀ)_ij = L_ji.
        for (int row = 0; row < m; row++) {
            int o = row * r;
            for (int j = 0; j < r; j++) {
                double s = p[o + j];
                for (int i = 0; i < j; i++) {
                    s -= p[o + i] * l[j * r + i];
                }
                p[o + j] = s / l[j * r + j];
            }
        }
    }

    /** g ← pᵀp (r×r) for the m×r p. */
    static void gram(double[] p, int m, int r, double[] g) {
        java.util.Arrays.fill(g, 0, r * r, 0.0);
        for (int row = 0; row < m; row++) {
            int o = row * r;
            for (int i = 0; i < r; i++) {
                double pi = p[o + i];
                if (pi == 0) {
                    continue;
                }
                for (int j = 0; j <= i; j++) {
                    g[i * r + j] += pi * p[o + j];
                }
            }
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < i; j++) {
                g[j * r + i] = g[i * r + j];
            }
        }
    }

    /**
     * A standard normal deviate that depends only on (seed, counter): SplitMix64 hashing and the
     * Box–Muller transform. Reproducible without a stateful stream, so a restored optimizer draws
     * the same sketch as the original one.
     */
    static double gaussian(long seed, long counter) {
        long h1 = mix(seed ^ mix(counter * 2));
        long h2 = mix(seed ^ mix(counter * 2 + 1));
        double u1 = ((h1 >>> 11) + 1) * 0x1.0p-53;
        double u2 = (h2 >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
