package dev.curvature.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Haar draw's QR applies each reflector to four columns at a time; every column must still get
 * bitwise the Q of the textbook order (one column at a time, reflectors H_k … H_0 per column), so
 * a seed draws the same matrix as before and on every machine. Also checks QᵀQ = I.
 */
class HouseholderQTest {
    /** The textbook thin Q: factor column by column, then form each column of Q on its own. */
    private static double[][] reference(double[][] a, int m, int n) {
        double[][] v = new double[n][];
        double[] sign = new double[n];
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (int i = j; i < m; i++) {
                norm = Math.hypot(norm, a[j][i]);
            }
            double alpha = a[j][j] >= 0 ? -norm : norm;
            double[] vj = new double[m];
            System.arraycopy(a[j], j, vj, j, m - j);
            vj[j] -= alpha;
            double vn2 = 0;
            for (int i = j; i < m; i++) {
                vn2 += vj[i] * vj[i];
            }
            v[j] = vn2 == 0 ? null : vj;
            sign[j] = alpha >= 0 ? 1 : -1;
            for (int k = j + 1; k < n && v[j] != null; k++) {
                reflect(vj, vn2, a[k], j, m);
            }
        }
        double[][] q = new double[n][m];
        for (int k = 0; k < n; k++) {
            q[k][k] = 1;
            for (int j = k; j >= 0; j--) {
                if (v[j] != null) {
                    double vn2 = 0;
                    for (int i = j; i < m; i++) {
                        vn2 += v[j][i] * v[j][i];
                    }
                    reflect(v[j], vn2, q[k], j, m);
                }
            }
            for (int i = 0; i < m && sign[k] < 0; i++) {
                q[k][i] = -q[k][i];
            }
        }
        return q;
    }

    private static void reflect(double[] v, double vn2, double[] x, int from, int m) {
        double dot = 0;
        for (int i = from; i < m; i++) {
            dot += v[i] * x[i];
        }
        double s = 2 * dot / vn2;
        for (int i = from; i < m; i++) {
            x[i] -= s * v[i];
        }
    }

    private static double[][] gaussian(long seed, int m, int n) {
        RandomStream r = RandomStream.of(seed);
        double[][] a = new double[n][m];
        for (double[] col : a) {
            for (int i = 0; i < m; i++) {
                col[i] = r.nextGaussian();
            }
        }
        return a;
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "4, 4", "5, 3", "9, 9", "30, 7", "33, 33", "64, 61", "101, 50"})
    void blockedReflectionsGiveBitwiseTheTextbookQ(int m, int n) {
        double[][] q = HouseholderQ.thinQ(gaussian(m * 1000L + n, m, n), m, n);
        double[][] expected = reference(gaussian(m * 1000L + n, m, n), m, n);
        for (int k = 0; k < n; k++) {
            assertArrayEquals(expected[k], q[k], "column " + k + " of Q (" + m + "×" + n + ")");
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[a][i] * q[b][i];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-12, "QᵀQ at (" + a + ", " + b + ")");
            }
        }
    }
}
