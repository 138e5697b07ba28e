package dev.curvature.core.random;

/**
 * Thin Householder QR in plain float64, used only to draw Haar matrices: it must give identical
 * bits on every backend, so it cannot go through BLAS or LAPACK.
 */
final class HouseholderQ {
    private HouseholderQ() {}

    /**
     * The m×n factor Q (columns {@code q[j]}) of the column-major m×n matrix {@code a} (m ≥ n), with
     * each column multiplied by the sign of the matching diagonal entry of R, so that R has a
     * positive diagonal and Q is unique. {@code a} is overwritten.
     */
    static double[][] thinQ(double[][] a, int m, int n) {
        double[][] v = new double[n][];
        double[] rSign = new double[n];
        for (int j = 0; j < n; j++) {
            double[] col = a[j];
            double norm = 0;
            for (int i = j; i < m; i++) {
                norm = Math.hypot(norm, col[i]);
            }
            double alpha = col[j] >= 0 ? -norm : norm; // R_jj, chosen opposite to col[j] for stability
            double[] vj = new double[m];
            for (int i = j; i < m; i++) {
                vj[i] = col[i];
            }
            vj[j] -= alpha;
            double vnorm2 = 0;
            for (int i = j; i < m; i++) {
                vnorm2 += vj[i] * vj[i];
            }
            v[j] = vnorm2 == 0 ? null : vj;
            rSign[j] = alpha >= 0 ? 1.0 : -1.0;
            if (v[j] != null) {
                for (int k = j + 1; k < n; k++) {
                    reflect(vj, vnorm2, a[k], j, m);
                }
            }
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[][] q = new double[n][m];
        for (int k = 0; k < n; k++) {
            q[k][k] = 1.0;
            for (int j = Math.min(k, n - 1); j >= 0; j--) {
                if (v[j] != null) {
                    double vn2 = 0;
                    for (int i = j; i < m; i++) {
                        vn2 += v[j][i] * v[j][i];
                    }
                    reflect(v[j], vn2, q[k], j, m);
                }
            }
            if (rSign[k] < 0) {
                for (int i = 0; i < m; i++) {
                    q[k][i] = -q[k][i];
                }
            }
        }
        return q;
    }

    /** x ← (I − 2vvᵀ/‖v‖²)·x on rows from..m−1. */
    private static void reflect(double[] v, double vnorm2, double[] x, int from, int m) {
        double dot = 0;
        for (int i = from; i < m; i++) {
            dot += v[i] * x[i];
        }
        double s = 2 * dot / vnorm2;
        for (int i = from; i < m; i++) {
            x[i] -= s * v[i];
        }
    }
}
