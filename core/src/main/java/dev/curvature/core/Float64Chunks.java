package dev.curvature.core;

/**
 * Per-thread float64 scratch for fused elementwise loops that must work for any mix of float32 and
 * float64 tensors. A loop walks its tensors in chunks of {@link #CHUNK} elements: {@link #load}
 * copies a chunk into a scratch array as float64, plain Java arithmetic runs on the scratch arrays
 * (index 0..len, which the JIT vectorizes), and {@link #store} rounds the results back into each
 * tensor's own dtype. One loop body thus serves every dtype combination, e.g. float32 parameters
 * with float64 optimizer moments, and allocates nothing after the first use on a thread.
 *
 * <pre>{@code
 * Float64Chunks s = Float64Chunks.local();
 * for (int start = 0; start < n; start += Float64Chunks.CHUNK) {
 *     int len = Math.min(Float64Chunks.CHUNK, n - start);
 *     double[] g = s.load(0, grad, start, len);
 *     double[] m = s.load(1, moment, start, len);
 *     for (int i = 0; i < len; i++) { m[i] = b * m[i] + (1 - b) * g[i]; g[i] = m[i]; }
 *     s.store(m, moment, start, len);
 *     s.store(g, grad, start, len);
 * }
 * }</pre>
 */
public final class Float64Chunks {
    /** Elements per chunk: 8 KiB per scratch array, so a handful of them stay in the L1/L2 cache. */
    public static final int CHUNK = 1024;
    /** Number of scratch arrays available to one loop. */
    public static final int SLOTS = 8;

    private static final ThreadLocal<Float64Chunks> LOCAL = ThreadLocal.withInitial(Float64Chunks::new);

    private final double[][] slots = new double[SLOTS][CHUNK];

    private Float64Chunks() {}

    /** This thread's scratch. */
    public static Float64Chunks local() {
        return LOCAL.get();
    }

    /** Scratch array {@code slot}, without loading anything into it. */
    public double[] buffer(int slot) {
        return slots[slot];
    }

    /** Copies elements [start, start+len) of {@code t} (row-major order) into scratch {@code slot} and returns it. */
    public double[] load(int slot, Tensor t, int start, int len) {
        double[] dst = slots[slot];
        if (t.isContiguous()) {
            int off = t.offset() + start;
            if (t.dtype() == DType.F64) {
                System.arraycopy(t.doubleData(), off, dst, 0, len);
            } else {
                float[] src = t.floatData();
                for (int i = 0; i < len; i++) {
                    dst[i] = src[off + i];
                }
            }
        } else {
            for (int i = 0; i < len; i++) {
                dst[i] = t.getFlat(start + i);
            }
        }
        return dst;
    }

    /** Writes {@code src[0..len)} into elements [start, start+len) of {@code t}, rounding to its dtype. */
    public void store(double[] src, Tensor t, int start, int len) {
        if (t.isContiguous()) {
            int off = t.offset() + start;
            if (t.dtype() == DType.F64) {
                System.arraycopy(src, 0, t.doubleData(), off, len);
            } else {
                float[] dst = t.floatData();
                for (int i = 0; i < len; i++) {
                    dst[off + i] = (float) src[i];
                }
            }
        } else {
            for (int i = 0; i < len; i++) {
                t.setFlat(start + i, src[i]);
            }
        }
    }
}
