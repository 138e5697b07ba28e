package dev.curvature.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** {@link Float64Chunks#open}: in place for aligned contiguous float64 tensors, scratch otherwise, same results. */
class Float64ChunksTest {

    /** y ← y + 2x over all elements, chunk by chunk, as optimizer loops do. */
    private static void axpy2(Tensor x, Tensor y) {
        Float64Chunks s = Float64Chunks.local();
        for (int start = 0, n = x.size(); start < n; start += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, n - start);
            int o = s.open(start, len, y, x);
            double[] a = s.array(0);
            double[] b = s.array(1);
            for (int i = o, e = o + len; i < e; i++) {
                a[i] += 2 * b[i];
            }
            s.commit(0, y, start, len);
        }
    }

    private static Tensor ramp(DType d, int... shape) {
        Tensor t = Tensor.zeros(d, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, 0.5 * i - 3);
        }
        return t;
    }

    private static void check(Tensor x, Tensor y) {
        double[] x0 = x.toDoubleArray();
        double[] y0 = y.toDoubleArray();
        axpy2(x, y);
        for (int i = 0; i < y0.length; i++) {
            assertEquals(y.dtype() == DType.F32 ? (float) (y0[i] + 2 * x0[i]) : y0[i] + 2 * x0[i], y.getFlat(i));
        }
    }

    @Test
    void alignedFloat64TensorsAreUsedInPlace() {
        Tensor x = ramp(DType.F64, 2500);
        Tensor y = ramp(DType.F64, 2500);
        Float64Chunks s = Float64Chunks.local();
        int o = s.open(1024, 1024, y, x);
        assertEquals(1024, o);
        assertSame(y.doubleData(), s.array(0));
        assertSame(x.doubleData(), s.array(1));
        check(x, y);
    }

    @Test
    void otherTensorsGoThroughScratch() {
        Float64Chunks s = Float64Chunks.local();
        // float32
        Tensor xf = ramp(DType.F32, 3000);
        Tensor yf = ramp(DType.F32, 3000);
        assertEquals(0, s.open(1024, 1024, yf, xf));
        check(xf, yf);
        // float64 at different offsets (a row of a matrix against a fresh vector)
        Tensor m = ramp(DType.F64, 3, 1500);
        Tensor row = m.row(1);
        Tensor y = ramp(DType.F64, 1500);
        assertEquals(0, s.open(0, 1024, y, row));
        assertNotSame(y.doubleData(), s.array(0));
        check(row, y);
        // non-contiguous float64 (a column)
        Tensor col = ramp(DType.F64, 1100, 2).col(1);
        Tensor y2 = ramp(DType.F64, 1100);
        assertEquals(0, s.open(0, 1024, y2, col));
        check(col, y2);
        // mixed: float32 parameters with a float64 buffer
        Tensor y3 = ramp(DType.F64, 3000);
        assertEquals(0, s.open(0, 1024, y3, xf));
        check(xf, y3);
    }

    @Test
    void rowsOfOneMatrixShareTheirArrayButNotTheirOffset() {
        // Views of the same array at equal offsets are in place; the loop writes through to the parent.
        Tensor m = ramp(DType.F64, 2, 2000);
        Tensor a = m.row(1);
        Tensor b = m.row(1);
        Float64Chunks s = Float64Chunks.local();
        assertEquals(2000, s.open(0, 1024, a, b));
        double before = m.get(1, 5);
        axpy2(b, a);
        assertEquals(3 * before, m.get(1, 5));
    }
}
