package dev.curvature.core.backend;

import dev.curvature.core.ArrayMath;

/**
 * Matrix-vector products for the Java backend. A GEMV reads each element of A once and does one
 * multiply-add with it, so it is bound by memory bandwidth; the kernels stream A row by row:
 * y_i = α·⟨A_i, x⟩ + β·y_i (vectorized dot product) and, transposed, y += α·x_i·A_i (vectorized
 * axpy), each touching A exactly once in storage order.
 */
final class JavaGemv {
    private JavaGemv() {}

    static void gemv(boolean trans, int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                     int incx, float beta, float[] y, int yOff, int incy) {
        int ylen = trans ? n : m;
        for (int i = 0; i < ylen; i++) {
            int p = yOff + i * incy;
            y[p] = beta == 0 ? 0f : beta * y[p];
        }
        if (!trans) {
            float[] xs = incx == 1 ? x : gather(x, xOff, incx, n);
            int xo = incx == 1 ? xOff : 0;
            for (int i = 0; i < m; i++) {
                y[yOff + i * incy] += (float) (alpha * ArrayMath.dot(a, aOff + i * lda, xs, xo, n));
            }
        } else if (incy == 1) {
            for (int i = 0; i < m; i++) {
                ArrayMath.axpy(n, alpha * x[xOff + i * incx], a, aOff + i * lda, y, yOff);
            }
        } else {
            for (int i = 0; i < m; i++) {
                float s = alpha * x[xOff + i * incx];
                for (int j = 0; j < n; j++) {
                    y[yOff + j * incy] += s * a[aOff + i * lda + j];
                }
            }
        }
    }

    static void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
                     int incx, double beta, double[] y, int yOff, int incy) {
        int ylen = trans ? n : m;
        for (int i = 0; i < ylen; i++) {
            int p = yOff + i * incy;
            y[p] = beta == 0 ? 0.0 : beta * y[p];
        }
        if (!trans) {
            double[] xs = incx == 1 ? x : gather(x, xOff, incx, n);
            int xo = incx == 1 ? xOff : 0;
            for (int i = 0; i < m; i++) {
                y[yOff + i * incy] += alpha * ArrayMath.dot(a, aOff + i * lda, xs, xo, n);
            }
        } else if (incy == 1) {
            for (int i = 0; i < m; i++) {
                ArrayMath.axpy(n, alpha * x[xOff + i * incx], a, aOff + i * lda, y, yOff);
            }
        } else {
            for (int i = 0; i < m; i++) {
                double s = alpha * x[xOff + i * incx];
                for (int j = 0; j < n; j++) {
                    y[yOff + j * incy] += s * a[aOff + i * lda + j];
                }
            }
        }
    }

    private static float[] gather(float[] x, int off, int inc, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[off + i * inc];
        }
        return out;
    }

    private static double[] gather(double[] x, int off, int inc, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[off + i * inc];
        }
        return out;
    }
}
