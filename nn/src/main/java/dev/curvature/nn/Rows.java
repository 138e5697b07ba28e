package dev.curvature.nn;

import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;

/**
 * Row-wise kernels on contiguous [rows, cols] data of either dtype (through {@link Float64Chunks}):
 * broadcasting a row vector over rows, and summing rows into one.
 */
final class Rows {
    private Rows() {}

    /** y[r, :] += b for every row r (b has cols elements). */
    static void addRowVector(Tensor y, Tensor b, int rows, int cols) {
        Float64Chunks s = Float64Chunks.local();
        for (int c0 = 0; c0 < cols; c0 += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, cols - c0);
            double[] bv = s.load(1, b, c0, len);
            for (int r = 0; r < rows; r++) {
                double[] yv = s.load(0, y, r * cols + c0, len);
                for (int i = 0; i < len; i++) {
                    yv[i] += bv[i];
                }
                s.store(yv, y, r * cols + c0, len);
            }
        }
    }

    /** acc += Σ_r y[r, :] (column sums of y added into acc, which has cols elements). */
    static void addColumnSums(Tensor acc, Tensor y, int rows, int cols) {
        Float64Chunks s = Float64Chunks.local();
        for (int c0 = 0; c0 < cols; c0 += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, cols - c0);
            double[] a = s.load(1, acc, c0, len);
            for (int r = 0; r < rows; r++) {
                double[] yv = s.load(0, y, r * cols + c0, len);
                for (int i = 0; i < len; i++) {
                    a[i] += yv[i];
                }
            }
            s.store(a, acc, c0, len);
        }
    }
}
