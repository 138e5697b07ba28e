package dev.curvature.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Tensor}: creation, views, element access, elementwise operations and reductions against naive references. */
class TensorTest {

    // ------------------------------------------------------------------ operands in several layouts

    /** How a tensor of a given shape is laid out in its backing array. */
    enum Layout {
        /** A fresh contiguous tensor. */
        CONTIGUOUS,
        /** A view with non-unit strides (a column, a transpose, a middle-axis slice). */
        STRIDED,
        /** A view at a non-zero offset of a larger array (a slice or a block). */
        OFFSET
    }

    /** A view and the array it lives in; the storage outside the view holds NaN. */
    record Made(Tensor base, Tensor view) {
        /** Number of elements of the base that lie outside the view. */
        int outside() {
            return base.size() - view.size();
        }

        /** Asserts that nothing outside the view was written (it still holds NaN). */
        void assertOutsideUntouched(String what) {
            int nan = 0;
            for (int i = 0; i < base.size(); i++) {
                if (Double.isNaN(base.getFlat(i))) {
                    nan++;
                }
            }
            int insideNan = 0;
            for (int i = 0; i < view.size(); i++) {
                if (Double.isNaN(view.getFlat(i))) {
                    insideNan++;
                }
            }
            assertEquals(outside(), nan - insideNan, what + ": elements outside the view were written");
        }
    }

    static Made make(DType dt, int[] shape, Layout layout) {
        int r = shape.length;
        Tensor base;
        Tensor view;
        switch (layout) {
            case CONTIGUOUS -> {
                base = Tensor.zeros(dt, shape);
                view = base;
            }
            case STRIDED -> {
                if (r == 1) {
                    base = Tensor.zeros(dt, shape[0], 3).fill(Double.NaN);
                    view = base.col(1);
                } else if (r == 2) {
                    base = Tensor.zeros(dt, shape[1], shape[0]).fill(Double.NaN);
                    view = base.t();
                } else {
                    base = Tensor.zeros(dt, shape[0], shape[1] + 2, shape[2]).fill(Double.NaN);
                    view = base.slice(1, 1, shape[1] + 1);
                }
            }
            default -> {
                if (r == 1) {
                    base = Tensor.zeros(dt, shape[0] + 5).fill(Double.NaN);
                    view = base.slice(0, 3, shape[0] + 3);
                } else if (r == 2) {
                    base = Tensor.zeros(dt, shape[0] + 2, shape[1] + 3).fill(Double.NaN);
                    view = base.block(1, 2, shape[0], shape[1]);
                } else {
                    base = Tensor.zeros(dt, shape[0] + 1, shape[1], shape[2]).fill(Double.NaN);
                    view = base.slice(0, 1, shape[0] + 1);
                }
            }
        }
        assertArrayEquals(shape, view.shape());
        return new Made(base, view);
    }

    static Made makeRandom(Random rnd, DType dt, int[] shape, Layout layout) {
        Made m = make(dt, shape, layout);
        for (int i = 0; i < m.view.size(); i++) {
            m.view.setFlat(i, 2 * rnd.nextDouble() - 1);
        }
        return m;
    }

    static final int[][] SHAPES = {
        {0}, {1}, {7}, {8}, {9}, {15}, {16}, {17}, {33}, {700},
        {1, 1}, {1, 19}, {19, 1}, {5, 7}, {16, 17}, {0, 4}, {3, 0},
        {2, 3, 4}, {3, 1, 17},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DType dt : DType.values()) {
            for (int[] s : SHAPES) {
                for (Layout l : Layout.values()) {
                    out.add(Arguments.of(dt, s, l));
                }
            }
        }
        return out.stream();
    }

    static double[] values(Tensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFlat(i);
        }
        return v;
    }

    /** The float64 value {@code x} rounded to the dtype. */
    static double round(DType dt, double x) {
        return dt == DType.F32 ? (float) x : x;
    }

    /** Asserts got_i = expected_i within a few units of roundoff relative to scale_i. */
    static void assertValues(double[] expected, double[] scale, Tensor got, String what) {
        assertEquals(expected.length, got.size(), what + ": size");
        double eps = TestSupport.eps(got.dtype());
        for (int i = 0; i < expected.length; i++) {
            double g = got.getFlat(i);
            double e = expected[i];
            if (Double.isNaN(e)) {
                assertTrue(Double.isNaN(g), what + ": element " + i + " is " + g + ", expected NaN");
                continue;
            }
            double bound = 4 * eps * (Math.abs(e) + (scale == null ? 0 : Math.abs(scale[i]))) + Double.MIN_NORMAL;
            if (!(Math.abs(g - e) <= bound)) {
                fail(what + ": element " + i + " is " + g + ", expected " + e);
            }
        }
    }

    // ------------------------------------------------------------------ creation

    @ParameterizedTest
    @EnumSource(DType.class)
    void zerosHasShapeStridesAndZeros(DType dt) {
        Tensor t = Tensor.zeros(dt, 2, 3, 4);
        assertEquals(dt, t.dtype());
        assertEquals(3, t.rank());
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertArrayEquals(new int[] {12, 4, 1}, t.strides());
        assertEquals(24, t.size());
        assertEquals(0, t.offset());
        assertTrue(t.isContiguous());
        assertEquals(4, t.dim(-1));
        assertEquals(12, t.stride(0));
        for (double v : t.toDoubleArray()) {
            assertEquals(0.0, v);
        }
        Tensor scalar = Tensor.zeros(dt);
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        assertEquals(0.0, scalar.item());
        scalar.set(2.5);
        assertEquals(2.5, scalar.get());
        Tensor empty = Tensor.zeros(dt, 0, 3);
        assertEquals(0, empty.size());
        assertTrue(empty.isContiguous());
        assertEquals(0, empty.toDoubleArray().length);
        Tensor like = Tensor.zerosLike(Tensor.zeros(dt, 2, 5, 4).slice(1, 1, 4));
        assertEquals(dt, like.dtype());
        assertArrayEquals(new int[] {2, 3, 4}, like.shape());
        assertThrows(ShapeException.class, () -> Tensor.zeros(dt, 2, -1));
        assertThrows(ShapeException.class, () -> Tensor.zeros(dt, 1 << 16, 1 << 16));
        if (dt == DType.F32) {
            assertThrows(IllegalStateException.class, t::doubleData);
            assertEquals(24, t.floatData().length);
        } else {
            assertThrows(IllegalStateException.class, t::floatData);
            assertEquals(24, t.doubleData().length);
        }
    }

    @Test
    void wrapSharesTheArrayAndChecksTheLength() {
        float[] f = {1, 2, 3, 4, 5, 6};
        Tensor tf = Tensor.wrap(f, 2, 3);
        assertEquals(DType.F32, tf.dtype());
        assertSame(f, tf.floatData());
        assertEquals(6.0, tf.get(1, 2));
        f[4] = 50;
        assertEquals(50.0, tf.get(1, 1));
        tf.set(-1, 0, 0);
        assertEquals(-1f, f[0]);

        double[] d = {1, 2, 3, 4, 5, 6};
        Tensor td = Tensor.wrap(d, 3, 2);
        assertEquals(DType.F64, td.dtype());
        assertSame(d, td.doubleData());
        assertEquals(4.0, td.get(1, 1));
        assertEquals(6, Tensor.wrap(d, 6).size());

        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.wrap(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(ShapeException.class, () -> Tensor.wrap(new float[7], 2, 3));
        assertEquals(0, Tensor.wrap(new double[0], 0).size());
    }

    @Test
    void vectorMatrixEyeCopyAndTo() {
        double[] src = {1, 2, 3};
        Tensor v = Tensor.vector(src);
        src[0] = 99;
        assertEquals(1.0, v.get(0), "vector() copies its argument");
        assertEquals(DType.F64, v.dtype());

        for (DType dt : DType.values()) {
            Tensor m = Tensor.matrix(dt, new double[][] {{1, 2, 3}, {4, 5, 6}});
            assertEquals(dt, m.dtype());
            assertArrayEquals(new int[] {2, 3}, m.shape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.toDoubleArray());
            ShapeException e = assertThrows(ShapeException.class,
                    () -> Tensor.matrix(dt, new double[][] {{1, 2}, {3}}));
            assertTrue(e.getMessage().contains("row 1"), e.getMessage());
            assertArrayEquals(new int[] {0, 0}, Tensor.matrix(dt, new double[0][]).shape());

            Tensor eye = Tensor.eye(dt, 4);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, eye.get(i, j));
                }
            }
            assertEquals(0, Tensor.eye(dt, 0).size());

            Tensor view = m.t();
            Tensor c = view.copy();
            assertTrue(c.isContiguous());
            assertEquals(dt, c.dtype());
            assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, c.toDoubleArray());
            c.set(100, 0, 0);
            assertEquals(1.0, m.get(0, 0), "copy() is independent of its source");
        }

        Tensor d = Tensor.vector(0.1, 1e300, -1.5);
        Tensor f = d.to(DType.F32);
        assertEquals(DType.F32, f.dtype());
        assertEquals((double) 0.1f, f.get(0));
        assertEquals(Double.POSITIVE_INFINITY, f.get(1));
        assertEquals(-1.5, f.get(2));
        Tensor back = f.to(DType.F64);
        assertEquals((double) 0.1f, back.get(0));
        Tensor same = d.to(DType.F64);
        assertNotSame(d.doubleData(), same.doubleData(), "to() always copies");
    }

    // ------------------------------------------------------------------ views

    @ParameterizedTest
    @EnumSource(DType.class)
    void viewsSelectTheRightElementsAndShareStorage(DType dt) {
        Tensor a = Tensor.zeros(dt, 4, 5);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                a.set(10 * i + j, i, j);
            }
        }
        Tensor t = a.t();
        assertArrayEquals(new int[] {5, 4}, t.shape());
        assertArrayEquals(new int[] {1, 5}, t.strides());
        assertFalse(t.isContiguous());
        assertEquals(23.0, t.get(3, 2));
        assertArrayEquals(a.toDoubleArray(), t.t().toDoubleArray());
        assertTrue(t.t().isContiguous());
        Tensor v = Tensor.zeros(dt, 3);
        assertSame(v, v.t(), "t() of a vector is the vector");
        assertThrows(ShapeException.class, () -> Tensor.zeros(dt, 2, 2, 2).t());

        Tensor rows = a.slice(0, 1, 3);
        assertArrayEquals(new int[] {2, 5}, rows.shape());
        assertTrue(rows.isContiguous());
        assertEquals(5, rows.offset());
        assertEquals(24.0, rows.get(1, 4));
        Tensor cols = a.slice(1, 2, 4);
        assertFalse(cols.isContiguous());
        assertArrayEquals(new double[] {2, 3, 12, 13, 22, 23, 32, 33}, cols.toDoubleArray());
        assertArrayEquals(new double[] {2, 3, 12, 13, 22, 23, 32, 33}, a.slice(-1, 2, 4).toDoubleArray());
        assertEquals(0, a.slice(0, 2, 2).size());
        assertThrows(IndexOutOfBoundsException.class, () -> a.slice(0, 3, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> a.slice(1, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.slice(1, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.slice(2, 0, 1));

        Tensor row = a.row(2);
        assertArrayEquals(new double[] {20, 21, 22, 23, 24}, row.toDoubleArray());
        assertTrue(row.isContiguous());
        Tensor col = a.col(3);
        assertArrayEquals(new double[] {3, 13, 23, 33}, col.toDoubleArray());
        assertFalse(col.isContiguous());
        assertArrayEquals(new int[] {5}, col.strides());
        assertArrayEquals(col.toDoubleArray(), a.select(1, 3).toDoubleArray());
        assertArrayEquals(col.toDoubleArray(), a.select(-1, 3).toDoubleArray());
        Tensor scalar = a.row(1).select(0, 4);
        assertEquals(0, scalar.rank());
        assertEquals(14.0, scalar.item());
        assertThrows(IndexOutOfBoundsException.class, () -> a.select(0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> a.col(-1));
        assertThrows(ShapeException.class, () -> Tensor.zeros(dt, 3).row(0));

        Tensor blk = a.block(1, 2, 3, 2);
        assertArrayEquals(new int[] {3, 2}, blk.shape());
        assertEquals(7, blk.offset());
        assertArrayEquals(new int[] {5, 1}, blk.strides());
        assertArrayEquals(new double[] {12, 13, 22, 23, 32, 33}, blk.toDoubleArray());
        assertThrows(IndexOutOfBoundsException.class, () -> a.block(2, 2, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.block(0, 4, 1, 2));

        // Views write through to the parent, and views of views compose.
        blk.set(-1, 2, 1);
        assertEquals(-1.0, a.get(3, 3));
        col.set(-2, 0);
        assertEquals(-2.0, a.get(0, 3));
        t.set(-3, 4, 1);
        assertEquals(-3.0, a.get(1, 4));
        Tensor nested = a.t().block(1, 1, 3, 2).t();
        assertArrayEquals(new int[] {2, 3}, nested.shape());
        assertEquals(a.get(2, 3), nested.get(1, 2));
        nested.set(-4, 0, 0);
        assertEquals(-4.0, a.get(1, 1));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reshape(DType dt) {
        Tensor a = Tensor.zeros(dt, 2, 3, 4);
        for (int i = 0; i < 24; i++) {
            a.setFlat(i, i);
        }
        Tensor r = a.reshape(6, 4);
        assertArrayEquals(new int[] {6, 4}, r.shape());
        assertEquals(9.0, r.get(2, 1));
        r.set(-1, 0, 0);
        assertEquals(-1.0, a.get(0, 0, 0), "reshape is a view");
        assertArrayEquals(new int[] {4, 6}, a.reshape(-1, 6).shape());
        assertArrayEquals(new int[] {2, 12}, a.reshape(2, -1).shape());
        assertArrayEquals(new int[] {24}, a.reshape(-1).shape());
        assertArrayEquals(new int[] {1, 24, 1}, a.reshape(1, -1, 1).shape());
        assertArrayEquals(new int[] {}, Tensor.zeros(dt, 1, 1).reshape().shape());
        assertArrayEquals(new int[] {0, 5}, Tensor.zeros(dt, 0).reshape(0, 5).shape());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(dt, 3, 0).reshape(-1, 3).shape());

        ShapeException e = assertThrows(ShapeException.class, () -> a.reshape(5, 5));
        assertTrue(e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("[5, 5]"), e.getMessage());
        assertThrows(ShapeException.class, () -> a.reshape(-1, -1));
        assertThrows(ShapeException.class, () -> a.reshape(5, -1));
        assertThrows(ShapeException.class, () -> a.reshape(-2, 12));

        // A contiguous view at an offset reshapes in place.
        Tensor rows = a.reshape(6, 4).slice(0, 2, 4);
        Tensor flat = rows.reshape(-1);
        assertEquals(8.0, flat.get(0));
        flat.set(-5, 1);
        assertEquals(-5.0, a.get(0, 2, 1));

        // Non-contiguous views cannot be reshaped.
        Tensor m = Tensor.zeros(dt, 3, 4);
        ShapeException nc = assertThrows(ShapeException.class, () -> m.t().reshape(12));
        assertTrue(nc.getMessage().contains("contiguous"), nc.getMessage());
        assertThrows(ShapeException.class, () -> m.col(1).reshape(3, 1));
        assertThrows(ShapeException.class, () -> m.block(0, 0, 2, 2).reshape(-1));
        // ... but views that happen to be contiguous can.
        assertEquals(4, m.block(1, 0, 1, 4).reshape(-1).size());
        assertEquals(3, Tensor.zeros(dt, 1, 3).t().reshape(3).size());
    }

    // ------------------------------------------------------------------ element access

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void getSetAndFlatIndexAgree(DType dt, int[] shape, Layout layout) {
        Made m = make(dt, shape, layout);
        Tensor v = m.view();
        int[] idx = new int[shape.length];
        for (int i = 0; i < v.size(); i++) {
            v.set(i + 0.25, idx);
            assertEquals(i + 0.25, v.getFlat(i), "flat " + i + " = index " + Arrays.toString(idx));
            v.setFlat(i, -i);
            assertEquals(-i, v.get(idx));
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        double[] arr = v.toDoubleArray();
        float[] farr = v.toFloatArray();
        for (int i = 0; i < v.size(); i++) {
            assertEquals(-i, arr[i]);
            assertEquals((float) -i, farr[i]);
        }
        m.assertOutsideUntouched("set");
        assertThrows(IndexOutOfBoundsException.class, () -> v.getFlat(v.size()));
        assertThrows(IndexOutOfBoundsException.class, () -> v.getFlat(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(new int[shape.length + 1]));
        int[] bad = shape.clone();
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(bad));
    }

    @Test
    void setRoundsToFloat32AndItemNeedsOneElement() {
        Tensor f = Tensor.zeros(DType.F32, 2);
        f.set(0.1, 0);
        assertEquals((double) 0.1f, f.get(0));
        f.setFlat(1, 1e-50);
        assertEquals(0.0, f.get(1));
        ShapeException e = assertThrows(ShapeException.class, () -> f.item());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        assertEquals(3.0, Tensor.vector(3).item());
    }

    // ------------------------------------------------------------------ fill and assign

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void fillAndAssign(DType dt, int[] shape, Layout layout) {
        Random rnd = new Random(Arrays.hashCode(shape) + layout.ordinal());
        Made m = make(dt, shape, layout);
        m.view().fill(0.3);
        for (double x : values(m.view())) {
            assertEquals(round(dt, 0.3), x);
        }
        m.assertOutsideUntouched("fill");

        for (DType srcType : DType.values()) {
            for (Layout srcLayout : Layout.values()) {
                Made src = makeRandom(rnd, srcType, shape, srcLayout);
                Made dst = make(dt, shape, layout);
                assertSame(dst.view(), dst.view().assign(src.view()));
                double[] s = values(src.view());
                double[] d = values(dst.view());
                for (int i = 0; i < s.length; i++) {
                    assertEquals(round(dt, s[i]), d[i], "assign " + srcType + " " + srcLayout + " element " + i);
                }
                dst.assertOutsideUntouched("assign");
            }
        }
        int[] other = shape.clone();
        other[0] += 1;
        ShapeException e = assertThrows(ShapeException.class, () -> m.view().assign(Tensor.zeros(dt, other)));
        assertTrue(e.getMessage().contains(Tensor.shapeString(shape))
                && e.getMessage().contains(Tensor.shapeString(other)), e.getMessage());
    }

    // ------------------------------------------------------------------ elementwise

    record Unary(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Unary> UNARY = List.of(
            new Unary("scale(-2.5)", t -> t.scale(-2.5), x -> -2.5 * x),
            new Unary("scale(0)", t -> t.scale(0), x -> 0 * x),
            new Unary("addScalar(0.75)", t -> t.addScalar(0.75), x -> x + 0.75),
            new Unary("abs", Tensor::abs, Math::abs),
            new Unary("sqrt(abs)", t -> t.abs().sqrt(), x -> Math.sqrt(Math.abs(x))),
            new Unary("square", Tensor::square, x -> x * x),
            new Unary("sign", Tensor::sign, Math::signum),
            new Unary("clamp(-0.5, 0.25)", t -> t.clamp(-0.5, 0.25), x -> Math.min(Math.max(x, -0.5), 0.25)),
            new Unary("apply(exp)", t -> t.apply(Math::exp), Math::exp));

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void unaryOperations(DType dt, int[] shape, Layout layout) {
        Random rnd = new Random(31 * Arrays.hashCode(shape) + layout.ordinal());
        for (Unary u : UNARY) {
            Made m = makeRandom(rnd, dt, shape, layout);
            if (m.view().size() > 2) {
                m.view().setFlat(1, 0.0); // sign(0) and sqrt(0)
            }
            double[] x = values(m.view());
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = round(dt, u.ref().applyAsDouble(x[i]));
            }
            assertSame(m.view(), u.op().apply(m.view()), u.name() + " returns its receiver");
            assertValues(expected, x, m.view(), u.name() + " on " + dt + " " + layout);
            m.assertOutsideUntouched(u.name());
        }
    }

    @Test
    void signAndClampCornerCases() {
        Tensor t = Tensor.vector(-3, -0.0, 0.0, 2, Double.NaN, Double.NEGATIVE_INFINITY);
        assertArrayEquals(new double[] {-1, -0.0, 0.0, 1, Double.NaN, -1}, t.copy().sign().toDoubleArray());
        assertArrayEquals(new double[] {-1, -0.0, 0.0, 1, Double.NaN, -1}, t.copy().clamp(-1, 1).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.clamp(1, -1));
        assertTrue(e.getMessage().contains("lo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.clamp(Double.NaN, 1));
    }

    record Binary(String name, java.util.function.BinaryOperator<Tensor> op, DoubleBinaryOperator ref,
                  boolean positiveY) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Binary> BINARY = List.of(
            new Binary("addScaled(-0.375)", (x, y) -> x.addScaled(-0.375, y), (u, v) -> u - 0.375 * v, false),
            new Binary("add", Tensor::add, Double::sum, false),
            new Binary("sub", Tensor::sub, (u, v) -> u - v, false),
            new Binary("mul", Tensor::mul, (u, v) -> u * v, false),
            new Binary("div", Tensor::div, (u, v) -> u / v, true),
            new Binary("zip(hypot)", (x, y) -> x.zip(y, Math::hypot), Math::hypot, false));

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void binaryOperations(DType dt, int[] shape, Layout layout) {
        Random rnd = new Random(17 * Arrays.hashCode(shape) + layout.ordinal());
        for (Binary b : BINARY) {
            for (Layout yLayout : Layout.values()) {
                Made x = makeRandom(rnd, dt, shape, layout);
                Made y = makeRandom(rnd, dt, shape, yLayout);
                if (b.positiveY()) {
                    y.view().abs().addScalar(0.5);
                }
                double[] xs = values(x.view());
                double[] ys = values(y.view());
                double[] expected = new double[xs.length];
                double[] scale = new double[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    expected[i] = round(dt, b.ref().applyAsDouble(xs[i], ys[i]));
                    scale[i] = Math.abs(xs[i]) + Math.abs(ys[i]);
                }
                assertSame(x.view(), b.op().apply(x.view(), y.view()));
                String what = b.name() + " on " + dt + " " + layout + " with y " + yLayout;
                assertValues(expected, scale, x.view(), what);
                assertArrayEquals(ys, values(y.view()), what + " modified y");
                x.assertOutsideUntouched(what);
            }
        }
    }

    @Test
    void operationsWithItselfAlias() {
        for (DType dt : DType.values()) {
            Tensor x = Tensor.matrix(dt, new double[][] {{1, -2}, {3, 4}});
            x.add(x);
            assertArrayEquals(new double[] {2, -4, 6, 8}, x.toDoubleArray());
            x.mul(x);
            assertArrayEquals(new double[] {4, 16, 36, 64}, x.toDoubleArray());
            assertEquals(4 * 4 + 16 * 16 + 36 * 36 + 64 * 64, x.dot(x));
            x.sub(x);
            assertArrayEquals(new double[] {0, 0, 0, 0}, x.toDoubleArray());
        }
    }

    // ------------------------------------------------------------------ reductions

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void reductions(DType dt, int[] shape, Layout layout) {
        Random rnd = new Random(7 * Arrays.hashCode(shape) + layout.ordinal());
        Made m = makeRandom(rnd, dt, shape, layout);
        Tensor x = m.view();
        double[] v = values(x);
        int n = v.length;
        double sum = 0;
        double abs = 0;
        double sq = 0;
        double maxAbs = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double e : v) {
            sum += e;
            abs += Math.abs(e);
            sq += e * e;
            maxAbs = Math.max(maxAbs, Math.abs(e));
            max = Math.max(max, e);
            min = Math.min(min, e);
        }
        // Float32 data are accumulated in float64, so float64 roundoff applies to both dtypes.
        double e64 = 4 * Math.max(n, 1) * Math.ulp(1.0);
        TestSupport.assertRelClose(sum, x.sum(), 0, e64 * abs + Double.MIN_NORMAL, "sum");
        if (n == 0) {
            assertTrue(Double.isNaN(x.mean()), "mean of an empty tensor is NaN");
        } else {
            TestSupport.assertRelClose(sum / n, x.mean(), 0, e64 * abs / n + Double.MIN_NORMAL, "mean");
        }
        TestSupport.assertRelClose(Math.sqrt(sq), x.norm(), e64, Double.MIN_NORMAL, "norm");
        TestSupport.assertRelClose(abs, x.norm1(), e64, Double.MIN_NORMAL, "norm1");
        assertEquals(maxAbs, x.normInf(), "normInf");
        assertTrue(x.allFinite());
        if (n == 0) {
            assertThrows(ShapeException.class, x::max);
            assertThrows(ShapeException.class, x::min);
        } else {
            assertEquals(max, x.max(), "max");
            assertEquals(min, x.min(), "min");
        }
        for (Layout yl : Layout.values()) {
            Made y = makeRandom(rnd, dt, shape, yl);
            double[] w = values(y.view());
            double dot = 0;
            double scale = 0;
            for (int i = 0; i < n; i++) {
                dot += v[i] * w[i];
                scale += Math.abs(v[i] * w[i]);
            }
            TestSupport.assertRelClose(dot, x.dot(y.view()), 0, e64 * scale + Double.MIN_NORMAL, "dot with " + yl);
        }
        assertArrayEquals(v, values(x), "reductions do not modify the tensor");
    }

    @Test
    void reductionsOfKnownValues() {
        for (DType dt : DType.values()) {
            Tensor t = Tensor.matrix(dt, new double[][] {{3, -4}, {0, 12}});
            assertEquals(11.0, t.sum());
            assertEquals(2.75, t.mean());
            assertEquals(13.0, t.norm());
            assertEquals(19.0, t.norm1());
            assertEquals(12.0, t.normInf());
            assertEquals(12.0, t.max());
            assertEquals(-4.0, t.min());
            assertEquals(9 + 16 + 144.0, t.dot(t));
            assertEquals(-4.0, t.col(1).min());
            assertEquals(5.0, t.row(0).norm());
            assertEquals(12.0, t.t().col(1).max());
        }
    }

    static Stream<Arguments> normScales() {
        return Stream.of(
                Arguments.of(DType.F64, 1e200), Arguments.of(DType.F64, 1e-200),
                Arguments.of(DType.F64, 1e300), Arguments.of(DType.F64, 1e-300),
                Arguments.of(DType.F32, 1e30), Arguments.of(DType.F32, 1e-30),
                Arguments.of(DType.F32, 1e38), Arguments.of(DType.F32, 1e-38));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("normScales")
    void normNeitherOverflowsNorUnderflows(DType dt, double scale) {
        Random rnd = new Random(5);
        for (int n : new int[] {1, 2, 7, 9, 16, 17, 100, 1001}) {
            for (Layout l : Layout.values()) {
                Made m = makeRandom(rnd, dt, new int[] {n}, l);
                Tensor x = m.view();
                double base = 0;
                for (double v : values(x)) {
                    base += v * v;
                }
                base = Math.sqrt(base);
                double scaled = scale * base;
                x.scale(scale);
                // Float32 elements were rounded when scaled; compare with the norm of the stored values.
                if (dt == DType.F32) {
                    double s = 0;
                    for (double v : values(x)) {
                        s += (v / scale) * (v / scale);
                    }
                    scaled = scale * Math.sqrt(s);
                }
                TestSupport.assertRelClose(scaled, x.norm(), 1e-12, 0, "norm of " + n + " " + l + " elements x " + scale);
            }
        }
    }

    @Test
    void normOfSubnormalsAndSpecialValues() {
        assertEquals(1e-310, Tensor.vector(1e-310).norm(), 1e-323);
        assertEquals(1e-310, Tensor.vector(0, 1e-310, 0).norm(), 1e-323);
        TestSupport.assertRelClose(5e-310, Tensor.vector(3e-310, 4e-310).norm(), 1e-3, 0, "norm of subnormals");
        assertEquals(0.0, Tensor.vector(0, 0, 0).norm());
        assertEquals(Double.POSITIVE_INFINITY, Tensor.vector(1, Double.NEGATIVE_INFINITY, 2).norm());
        assertTrue(Double.isNaN(Tensor.vector(1, Double.NaN, 2).norm()));
        assertTrue(Double.isNaN(Tensor.vector(1, Double.NaN, 2).normInf()));
        TestSupport.assertRelClose(Math.sqrt(2) * 1e308, Tensor.vector(1e308, 1e308).norm(), 1e-15, 0, "near overflow");
    }

    static Stream<Arguments> finiteCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType dt : DType.values()) {
            for (Layout l : Layout.values()) {
                out.add(Arguments.of(dt, l));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("finiteCases")
    void allFiniteAndNormInfSeeEveryPosition(DType dt, Layout layout) {
        Random rnd = new Random(3);
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int n = 1; n <= 70; n++) {
            Made m = makeRandom(rnd, dt, new int[] {n}, layout);
            Tensor x = m.view();
            assertTrue(x.allFinite());
            for (int p = 0; p < n; p++) {
                double keep = x.getFlat(p);
                for (double b : bad) {
                    x.setFlat(p, b);
                    assertFalse(x.allFinite(), b + " at " + p + " of " + n + " (" + dt + " " + layout + ")");
                    double inf = x.normInf();
                    if (Double.isNaN(b)) {
                        assertTrue(Double.isNaN(inf), "normInf with NaN at " + p + " of " + n);
                    } else {
                        assertEquals(Double.POSITIVE_INFINITY, inf, "normInf with " + b + " at " + p + " of " + n);
                    }
                }
                x.setFlat(p, keep);
            }
            assertTrue(x.allFinite());
        }
        // Finite extremes are finite.
        Tensor big = Tensor.zeros(dt, 37).fill(dt == DType.F32 ? Float.MAX_VALUE : Double.MAX_VALUE);
        assertTrue(big.allFinite());
        big.setFlat(36, -big.getFlat(0));
        assertTrue(big.allFinite());
        assertTrue(Tensor.zeros(dt, 0).allFinite());
        Tensor matrix = Tensor.zeros(dt, 9, 11);
        matrix.t().set(Double.NaN, 10, 8);
        assertFalse(matrix.allFinite());
        assertFalse(matrix.t().allFinite());
        assertFalse(matrix.block(8, 10, 1, 1).allFinite());
        assertTrue(matrix.block(0, 0, 8, 11).allFinite());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void shapeMismatchesNameBothShapes() {
        for (DType dt : DType.values()) {
            Tensor a = Tensor.zeros(dt, 2, 3);
            Tensor b = Tensor.zeros(dt, 3, 2);
            List<org.junit.jupiter.api.function.Executable> ops = List.of(
                    () -> a.addScaled(1, b), () -> a.add(b), () -> a.sub(b), () -> a.mul(b), () -> a.div(b),
                    () -> a.dot(b), () -> a.zip(b, Double::sum), () -> a.assign(b),
                    () -> a.dot(Tensor.zeros(dt, 6)));
            for (var op : ops) {
                ShapeException e = assertThrows(ShapeException.class, op);
                assertTrue(e.getMessage().contains("[2, 3]")
                        && (e.getMessage().contains("[3, 2]") || e.getMessage().contains("[6]")), e.getMessage());
            }
        }
    }

    @Test
    void dtypeMismatchIsRejected() {
        Tensor f = Tensor.zeros(DType.F32, 4);
        Tensor d = Tensor.zeros(DType.F64, 4);
        List<org.junit.jupiter.api.function.Executable> ops = List.of(
                () -> f.addScaled(1, d), () -> f.add(d), () -> d.sub(f), () -> f.mul(d), () -> d.div(f),
                () -> f.dot(d), () -> d.zip(f, Double::sum));
        for (var op : ops) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op);
            assertFalse(e instanceof ShapeException, e.getMessage());
            assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
        }
        // assign converts between dtypes instead.
        d.fill(0.5);
        assertEquals(2.0, f.assign(d).sum());
    }

    @Test
    void rankRequirementsAreChecked() {
        Tensor v = Tensor.zeros(DType.F64, 3);
        ShapeException e = assertThrows(ShapeException.class, v::rows);
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
        assertThrows(ShapeException.class, v::cols);
        assertThrows(ShapeException.class, () -> v.block(0, 0, 1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.dim(1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.stride(-2));
    }
}
