package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;

/**
 * Brings an input of extreme magnitude into the range where the polar engines' arithmetic neither
 * overflows nor underflows. The polar factor is scale invariant, polar(s·G) = polar(G) for s &gt; 0,
 * so an engine may work on 2ᵏ·G instead of G; a power of two is exact (subnormal entries become
 * normal without rounding), and inputs whose largest magnitude is already inside the safe range are
 * left alone, so their results are bit for bit those of the unscaled arithmetic.
 *
 * <p>The safe range is [2⁻²⁰⁰, 2²⁰⁰] for float64 and [2⁻⁴⁰, 2⁴⁰] for float32: products of two
 * sums of squares (the Jacobi rotation test), and sums of squares over up to 2³¹ entries in the
 * dtype, stay finite and normal.
 */
final class SafeScale {
    private static final int F64_EXPONENT = 200;
    private static final int F32_EXPONENT = 40;

    private SafeScale() {}

    /**
     * {@code g} itself when its largest magnitude is in the safe range; otherwise {@code out} set to
     * 2ᵏ·g with the largest magnitude in [1, 2). {@code out} has g's shape and dtype and may be g.
     * Allocates nothing on contiguous tensors; g must be finite.
     */
    static Tensor of(Tensor g, Tensor out) {
        return apply(g, out, exponent(g));
    }

    /** {@code g} when k = 0, else out ← 2ᵏ·g and out. */
    static Tensor apply(Tensor g, Tensor out, int k) {
        if (k == 0) {
            return g;
        }
        out.assign(g);
        // At most two multiplications, each by a power of two the dtype can represent.
        int limit = g.dtype() == DType.F32 ? 120 : 1000;
        while (k != 0) {
            int step = Math.max(-limit, Math.min(limit, k));
            out.scale(Math.scalb(1.0, step));
            k -= step;
        }
        return out;
    }

    /** The k of 2ᵏ that {@link #of} applies to {@code g}: 0 when g is in the safe range or zero. */
    static int exponent(Tensor g) {
        double max = g.normInf();
        if (max == 0 || !Double.isFinite(max)) {
            return 0;
        }
        int e = Math.getExponent(max);
        if (e == Double.MIN_EXPONENT - 1) {
            // subnormal: the exponent of its leading bit
            e = Double.MIN_EXPONENT - 1 - Long.numberOfLeadingZeros(Double.doubleToRawLongBits(max)) + 12;
        }
        int bound = g.dtype() == DType.F32 ? F32_EXPONENT : F64_EXPONENT;
        return e < -bound || e > bound ? -e : 0;
    }
}
