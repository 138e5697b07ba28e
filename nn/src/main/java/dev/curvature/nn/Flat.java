package dev.curvature.nn;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;

/**
 * Row access to contiguous tensors of either dtype as float64 arrays owned by the caller: ops
 * load a row (or any contiguous range), compute in float64 and store it back rounded to the
 * tensor's dtype. Float64 tensors copy with {@code arraycopy}; float32 ones convert in a loop the
 * JIT vectorizes. All graph buffers are contiguous, so this covers every op's data.
 */
final class Flat {
    private Flat() {}

    /** dst[0..len) = t[start..start+len). */
    static void load(Tensor t, int start, double[] dst, int len) {
        int off = t.offset() + start;
        if (t.dtype() == DType.F64) {
            System.arraycopy(t.doubleData(), off, dst, 0, len);
        } else {
            float[] src = t.floatData();
            for (int i = 0; i < len; i++) {
                dst[i] = src[off + i];
            }
        }
    }

    /** t[start..start+len) = src[0..len). */
    static void store(double[] src, Tensor t, int start, int len) {
        int off = t.offset() + start;
        if (t.dtype() == DType.F64) {
            System.arraycopy(src, 0, t.doubleData(), off, len);
        } else {
            float[] dst = t.floatData();
            for (int i = 0; i < len; i++) {
                dst[off + i] = (float) src[i];
            }
        }
    }

    /** t[start..start+len) += src[0..len). */
    static void accumulate(double[] src, Tensor t, int start, int len) {
        int off = t.offset() + start;
        if (t.dtype() == DType.F64) {
            double[] dst = t.doubleData();
            for (int i = 0; i < len; i++) {
                dst[off + i] += src[i];
            }
        } else {
            float[] dst = t.floatData();
            for (int i = 0; i < len; i++) {
                dst[off + i] += (float) src[i];
            }
        }
    }

    /** Checks that a buffer is contiguous (views of graph buffers are). */
    static Tensor contiguous(Tensor t, String op) {
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": needs a contiguous tensor, got a strided view of shape "
                    + Tensor.shapeString(t.shape()));
        }
        return t;
    }
}
