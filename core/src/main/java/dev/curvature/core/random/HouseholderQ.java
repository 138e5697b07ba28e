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
        double[] vNorm2 = new double[n];
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
            vNorm2[j] = vnorm2;
            if (v[j] != null) {
                reflect(vj, vnorm2, a, j + 1, n, j, m);
            }
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity. Column k is e_k
        // until H_k reaches it, then takes H_k, H_{k-1}, ..., H_0 in that order; going over the
        // reflectors from the last keeps that order for every column and lets one pass of v serve
        // many columns.
        double[][] q = new double[n][m];
        for (int k = 0; k < n; k++) {
            q[k][k] = 1.0;
        }
        for (int j = n - 1; j >= 0; j--) {
            if (v[j] != null) {
                reflect(v[j], vNorm2[j], q, j, n, j, m);
            }
        }
        for (int k = 0; k < n; k++) {
            if (rSign[k] < 0) {
                for (int i = 0; i < m; i++) {
                    q[k][i] = -q[k][i];
                }
            }
        }
        return q;
    }

    /**
     * x ← (I − 2vvᵀ/‖v‖²)·x on rows from..m−1 for the columns x = cols[c0..c1−1], four at a time:
     * each column's dot product keeps its own accumulator and order (so its bits are those of one
     * column at a time), and the four independent sums run in parallel in the core instead of
     * waiting on one another.
     */
    private static void reflect(double[] v, double vnorm2, double[][] cols, int c0, int c1, int from, int m) {
        int c = c0;
        for (; c + 3 < c1; c += 4) {
            double[] x0 = cols[c];
            double[] x1 = cols[c + 1];
            double[] x2 = cols[c + 2];
            double[] x3 = cols[c + 3];
            double d0 = 0;
            double d1 = 0;
            double d2 = 0;
            double d3 = 0;
            for (int i = from; i < m; i++) {
                double vi = v[i];
                d0 += vi * x0[i];
                d1 += vi * x1[i];
                d2 += vi * x2[i];
                d3 += vi * x3[i];
            }
            double s0 = 2 * d0 / vnorm2;
            double s1 = 2 * d1 / vnorm2;
            double s2 = 2 * d2 / vnorm2;
            double s3 = 2 * d3 / vnorm2;
            for (int i = from; i < m; i++) {
                double vi = v[i];
                x0[i] -= s0 * vi;
                x1[i] -= s1 * vi;
                x2[i] -= s2 * vi;
                x3[i] -= s3 * vi;
            }
        }
        for (; c < c1; c++) {
            reflect(v, vnorm2, cols[c], from, m);
        }
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
