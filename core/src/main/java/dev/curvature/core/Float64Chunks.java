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
 *
 * <p>Loops that update their tensors in place should prefer {@link #open}, {@link #array} and
 * {@link #commit}. When every tensor of the loop is a contiguous float64 tensor at the same
 * offset, as freshly allocated parameters, gradients and optimizer buffers are, the loop then
 * runs on the tensors' own arrays and nothing is copied; otherwise it runs on scratch arrays
 * exactly as with {@code load}/{@code store}. All arrays of a chunk share one index, which lets the
 * JIT vectorize the loop (with a separate offset per array it cannot rule out overlap and does
 * not). The copies it saves cost more than the arithmetic: over 10 M float64 parameters, Adam's
 * pass takes 2.05 ns per parameter through {@code load}/{@code store} and 0.80 in place.
 *
 * <pre>{@code
 * int o = s.open(start, len, grad, moment);
 * double[] g = s.array(0);
 * double[] m = s.array(1);
 * for (int i = o, e = o + len; i < e; i++) { m[i] = b * m[i] + (1 - b) * g[i]; g[i] = m[i]; }
 * s.commit(1, moment, start, len);
 * s.commit(0, grad, start, len);
 * }</pre>
 */
public final class Float64Chunks {
    /** Elements per chunk: 8 KiB per scratch array, so a handful of them stay in the L1/L2 cache. */
    public static final int CHUNK = 1024;
    /** Number of scratch arrays available to one loop. */
    public static final int SLOTS = 8;

    private static final ThreadLocal<Float64Chunks> LOCAL = ThreadLocal.withInitial(Float64Chunks::new);

    private final double[][] slots = new double[SLOTS][CHUNK];
    private final double[][] arrays = new double[SLOTS][];
    private boolean direct;

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

    /**
     * Opens elements [start, start+len) of one tensor for in-place work; see
     * {@link #open(int, int, Tensor, Tensor, Tensor)}.
     */
    public int open(int start, int len, Tensor t0) {
        direct = inPlace(t0, t0.offset());
        return bind(0, t0, start, len);
    }

    /** Opens elements [start, start+len) of two tensors used together; see {@link #open(int, int, Tensor, Tensor, Tensor)}. */
    public int open(int start, int len, Tensor t0, Tensor t1) {
        int off = t0.offset();
        direct = inPlace(t0, off) && inPlace(t1, off);
        bind(1, t1, start, len);
        return bind(0, t0, start, len);
    }

    /**
     * Opens elements [start, start+len) of tensors used together in one loop, tensor i as
     * {@link #array array(i)}, and returns the index o of the chunk's first element in every one
     * of those arrays (element start+j is at index o+j). When all tensors are contiguous float64
     * tensors at the same offset the arrays are their own backing arrays and nothing is copied;
     * otherwise they are scratch arrays loaded as by {@link #load}, and o is 0. After updating,
     * call {@link #commit} for every tensor written.
     */
    public int open(int start, int len, Tensor t0, Tensor t1, Tensor t2) {
        int off = t0.offset();
        direct = inPlace(t0, off) && inPlace(t1, off) && inPlace(t2, off);
        bind(2, t2, start, len);
        bind(1, t1, start, len);
        return bind(0, t0, start, len);
    }

    /** The array holding tensor {@code slot} of the chunk last {@link #open}ed. */
    public double[] array(int slot) {
        return arrays[slot];
    }

    /**
     * Makes the values written into {@link #array array(slot)} part of {@code t} (the tensor
     * opened in that slot): stores the scratch back, rounding to its dtype, or does nothing when
     * the loop ran on the tensor's own array.
     */
    public void commit(int slot, Tensor t, int start, int len) {
        if (!direct) {
            store(slots[slot], t, start, len);
        }
    }

    private int bind(int slot, Tensor t, int start, int len) {
        if (direct) {
            arrays[slot] = t.doubleData();
            return t.offset() + start;
        }
        arrays[slot] = load(slot, t, start, len);
        return 0;
    }

    private static boolean inPlace(Tensor t, int offset) {
        return t.dtype() == DType.F64 && t.isContiguous() && t.offset() == offset;
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
