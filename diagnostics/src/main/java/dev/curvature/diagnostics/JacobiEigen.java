package dev.curvature.diagnostics;

/**
 * Eigendecomposition of a small dense symmetric matrix by the cyclic Jacobi method (Golub &amp; Van
 * Loan, Matrix Computations, 4th ed., Alg. 8.5.3): plane rotations J(p, q, θ) chosen by the
 * symmetric 2×2 Schur decomposition zero a_pq in turn, A ← JᵀAJ, V ← VJ, until every off-diagonal
 * element is below 10⁻¹⁷·‖A‖_F. It is the Rayleigh–Ritz solver of {@link Lanczos}: the projected
 * matrices there have at most a few dozen rows, Jacobi is accurate to a few ulps of ‖A‖ for every
 * eigenvalue, and working in arrays owned by the instance it allocates nothing.
 */
final class JacobiEigen {
    private static final int MAX_SWEEPS = 60;

    private final int capacity;
    private final double[] a;
    /** Eigenvectors in columns: vectors[i·capacity + k] is component i of eigenvector k. */
    final double[] vectors;
    /** Eigenvalues in ascending order. */
    final double[] values;
    private final int[] order;
    private final double[] scratch;

    JacobiEigen(int capacity) {
        this.capacity = capacity;
        this.a = new double[capacity * capacity];
        this.vectors = new double[capacity * capacity];
        this.values = new double[capacity];
        this.order = new int[capacity];
        this.scratch = new double[capacity * capacity];
    }

    /** Leading dimension of {@link #vectors}. */
    int stride() {
        return capacity;
    }

    /**
     * Decomposes the n×n symmetric matrix whose element (i, j) is {@code s[i·lds + j]} (both
     * triangles read: pass a symmetric matrix); results in {@link #values} (ascending) and
     * {@link #vectors}.
     */
    void decompose(double[] s, int lds, int n) {
        if (n > capacity) {
            throw new IllegalArgumentException("jacobi: n = " + n + " exceeds the capacity " + capacity);
        }
        final int c = capacity;
        double fro = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = s[i * lds + j];
                a[i * c + j] = v;
                fro += v * v;
                vectors[i * c + j] = i == j ? 1 : 0;
            }
        }
        fro = Math.sqrt(fro);
        double threshold = 1e-17 * fro;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * c + q];
                    if (Math.abs(apq) <= threshold) {
                        continue;
                    }
                    rotated = true;
                    rotate(n, p, q, apq);
                }
            }
            if (!rotated) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Insertion sort of the indices by eigenvalue: n is small.
        for (int i = 1; i < n; i++) {
            int k = order[i];
            double v = a[k * c + k];
            int j = i - 1;
            while (j >= 0 && a[order[j] * c + order[j]] > v) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = k;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                scratch[i * c + k] = vectors[i * c + order[k]];
            }
        }
        for (int k = 0; k < n; k++) {
            values[k] = a[order[k] * c + order[k]];
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(scratch, i * c, vectors, i * c, n);
        }
    }

    /** A ← JᵀAJ and V ← VJ for the rotation that zeroes a_pq (Golub &amp; Van Loan Alg. 8.5.1). */
    private void rotate(int n, int p, int q, double apq) {
        final int c = capacity;
        double app = a[p * c + p];
        double aqq = a[q * c + q];
        double tau = (aqq - app) / (2 * apq);
        // The smaller root t of t² + 2τt − 1 = 0 keeps the rotation angle at most π/4.
        double t = Math.abs(tau) > 1e150 ? 0.5 / tau : Math.signum(tau == 0 ? 1 : tau)
                / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        double cs = 1 / Math.sqrt(1 + t * t);
        double sn = t * cs;
        for (int k = 0; k < n; k++) {
            double akp = a[k * c + p];
            double akq = a[k * c + q];
            a[k * c + p] = cs * akp - sn * akq;
            a[k * c + q] = sn * akp + cs * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * c + k];
            double aqk = a[q * c + k];
            a[p * c + k] = cs * apk - sn * aqk;
            a[q * c + k] = sn * apk + cs * aqk;
        }
        a[p * c + q] = 0;
        a[q * c + p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = vectors[k * c + p];
            double vkq = vectors[k * c + q];
            vectors[k * c + p] = cs * vkp - sn * vkq;
            vectors[k * c + q] = sn * vkp + cs * vkq;
        }
    }
}
