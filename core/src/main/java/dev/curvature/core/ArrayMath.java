package dev.curvature.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Level-1 kernels on raw array ranges, the building blocks of {@link Tensor} and of fused optimizer
 * loops. They allocate nothing.
 *
 * <p>Reductions of float32 data accumulate in float64: each float vector is widened to doubles
 * before it is added, so a sum of 10⁷ floats keeps about 15 significant digits instead of the
 * 3–4 a float accumulator would keep. Elementwise loops are plain Java; the JIT vectorizes them.
 * Reductions use the Vector API because the JIT never reorders floating-point sums by itself.
 * Their lanes are added in a fixed order (lane 0, 1, 2, ...), not with {@code reduceLanes(ADD)},
 * whose order differs between the interpreter and compiled code: a result must not depend on
 * whether the JIT has compiled the kernel yet, or runs would not be bitwise reproducible.
 * The widening and the lane sum are written out in each kernel rather than in helpers: a vector
 * passed to or returned from a call the JIT does not inline is boxed, which allocates.
 */
public final class ArrayMath {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Float species with as many lanes as {@link #DS}, so one float vector widens to one double vector. */
    private static final VectorSpecies<Float> FS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(Math.max(64, DS.vectorBitSize() / 2)));
    private static final int L = DS.length();

    /** Below this magnitude a float64 sum of squares may have lost accuracy to underflow. */
    private static final double SUMSQ_UNDERFLOW = 0x1p-900;

    private ArrayMath() {}

    /** x[off..off+n) ← a·x. */
    public static void scale(float[] x, int off, int n, float a) {
        for (int i = off, e = off + n; i < e; i++) {
            x[i] *= a;
        }
    }

    /** x[off..off+n) ← a·x. */
    public static void scale(double[] x, int off, int n, double a) {
        for (int i = off, e = off + n; i < e; i++) {
            x[i] *= a;
        }
    }

    /** y ← y + a·x over n elements. */
    public static void axpy(int n, float a, float[] x, int xo, float[] y, int yo) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /** y ← y + a·x over n elements. */
    public static void axpy(int n, double a, double[] x, int xo, double[] y, int yo) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /** Σ x_i, accumulated in float64. */
    public static double sum(float[] x, int off, int n) {
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0;
        int bound = n - n % L;
        for (; i < bound; i += L) {
            acc = acc.add((DoubleVector) FloatVector.fromArray(FS, x, off + i)
                    .convertShape(VectorOperators.F2D, DS, 0));
        }
        double s = acc.lane(0);
        for (int j = 1; j < L; j++) {
            s += acc.lane(j);
        }
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** Σ x_i. */
    public static double sum(double[] x, int off, int n) {
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0;
        int bound = n - n % L;
        for (; i < bound; i += L) {
            acc = acc.add(DoubleVector.fromArray(DS, x, off + i));
        }
        double s = acc.lane(0);
        for (int j = 1; j < L; j++) {
            s += acc.lane(j);
        }
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** Σ x_i y_i, accumulated in float64. */
    public static double dot(float[] x, int xo, float[] y, int yo, int n) {
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0;
        int bound = n - n % L;
        for (; i < bound; i += L) {
            DoubleVector xv = (DoubleVector) FloatVector.fromArray(FS, x, xo + i)
                    .convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector yv = (DoubleVector) FloatVector.fromArray(FS, y, yo + i)
                    .convertShape(VectorOperators.F2D, DS, 0);
            acc = xv.fma(yv, acc);
        }
        double s = acc.lane(0);
        for (int j = 1; j < L; j++) {
            s += acc.lane(j);
        }
        for (; i < n; i++) {
            s += (double) x[xo + i] * y[yo + i];
        }
        return s;
    }

    /** Σ x_i y_i. */
    public static double dot(double[] x, int xo, double[] y, int yo, int n) {
        DoubleVector acc0 = DoubleVector.zero(DS);
        DoubleVector acc1 = DoubleVector.zero(DS);
        int i = 0;
        int bound2 = n - n % (2 * L);
        for (; i < bound2; i += 2 * L) {
            acc0 = DoubleVector.fromArray(DS, x, xo + i).fma(DoubleVector.fromArray(DS, y, yo + i), acc0);
            acc1 = DoubleVector.fromArray(DS, x, xo + i + L).fma(DoubleVector.fromArray(DS, y, yo + i + L), acc1);
        }
        DoubleVector acc = acc0.add(acc1);
        double s = acc.lane(0);
        for (int j = 1; j < L; j++) {
            s += acc.lane(j);
        }
        for (; i < n; i++) {
            s += x[xo + i] * y[yo + i];
        }
        return s;
    }

    /** Σ x_i², accumulated in float64 (no overflow or underflow is possible for float32 input). */
    public static double sumSquares(float[] x, int off, int n) {
        return dot(x, off, x, off, n);
    }

    /** Σ x_i² (may overflow or underflow; {@link #norm2(double[], int, int)} guards against both). */
    public static double sumSquares(double[] x, int off, int n) {
        return dot(x, off, x, off, n);
    }

    /** ‖x‖₂. */
    public static double norm2(float[] x, int off, int n) {
        return Math.sqrt(sumSquares(x, off, n));
    }

    /**
     * ‖x‖₂ without overflow or harmful underflow: the fast sum of squares is kept when it is safely
     * inside the float64 range, otherwise the data are rescaled by max |x_i| and summed again.
     */
    public static double norm2(double[] x, int off, int n) {
        double ss = sumSquares(x, off, n);
        if (ss < Double.POSITIVE_INFINITY && ss > SUMSQ_UNDERFLOW) {
            return Math.sqrt(ss);
        }
        double m = maxAbs(x, off, n);
        if (m == 0 || !Double.isFinite(m)) {
            return m == 0 ? Math.sqrt(ss) : m;
        }
        // Divide rather than multiply by 1/m: 1/m overflows when m is subnormal.
        double s = 0;
        for (int i = off, e = off + n; i < e; i++) {
            double v = x[i] / m;
            s += v * v;
        }
        return m * Math.sqrt(s);
    }

    /** max |x_i| (0 when n = 0; NaN when any element is NaN). */
    public static double maxAbs(float[] x, int off, int n) {
        float m = 0;
        for (int i = off, e = off + n; i < e; i++) {
            float v = Math.abs(x[i]);
            if (!(v <= m)) {
                m = v;
                if (Float.isNaN(v)) {
                    return Double.NaN;
                }
            }
        }
        return m;
    }

    /** max |x_i| (0 when n = 0; NaN when any element is NaN). */
    public static double maxAbs(double[] x, int off, int n) {
        double m = 0;
        for (int i = off, e = off + n; i < e; i++) {
            double v = Math.abs(x[i]);
            if (!(v <= m)) {
                m = v;
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
            }
        }
        return m;
    }

    /** True when no element of the range is NaN or infinite. */
    public static boolean allFinite(float[] x, int off, int n) {
        // x·0 is 0 for finite x and NaN for NaN or ±∞, so the sum is 0 iff every element is finite.
        FloatVector acc = FloatVector.zero(FS);
        int i = 0;
        int bound = n - n % FS.length();
        for (; i < bound; i += FS.length()) {
            acc = acc.add(FloatVector.fromArray(FS, x, off + i).mul(0f));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i] * 0f;
        }
        return s == 0;
    }

    /** True when no element of the range is NaN or infinite. */
    public static boolean allFinite(double[] x, int off, int n) {
        DoubleVector acc = DoubleVector.zero(DS);
        int i = 0;
        int bound = n - n % L;
        for (; i < bound; i += L) {
            acc = acc.add(DoubleVector.fromArray(DS, x, off + i).mul(0.0));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[off + i] * 0.0;
        }
        return s == 0;
    }
}
