package dev.curvature.core;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense float32 or float64 tensor: a flat Java array, an offset, a shape and row-major strides.
 *
 * <p>Element {@code (i0, ..., ik)} lives at {@code data[offset + Σ i_j·stride_j]}. A tensor made by
 * {@link #zeros} or {@link #wrap} is contiguous (C order); views ({@link #t()}, {@link #slice},
 * {@link #block}, {@link #row}, {@link #col}, {@link #select}) share the array with their parent and
 * may have any strides. All arithmetic happens in the tensor's own {@link DType}; the reductions of
 * float32 tensors accumulate in float64.
 *
 * <p>Mutating methods work in place on the receiver and return it, so {@code y.addScaled(a, x)} is
 * the BLAS {@code axpy} y ← y + a·x and allocates nothing. Shapes are checked: a mismatch throws
 * {@link ShapeException} naming both shapes. Binary operations require the same dtype; convert with
 * {@link #to(DType)} first.
 */
public final class Tensor {
    static {
        // Before any kernel class loads: one clear line instead of a NoClassDefFoundError.
        VectorModule.require();
    }

    private final DType dtype;
    private final float[] f;
    private final double[] d;
    private final int offset;
    private final int[] shape;
    private final int[] strides;
    private final int size;
    private final boolean contiguous;

    private Tensor(DType dtype, float[] f, double[] d, int offset, int[] shape, int[] strides) {
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.shape = shape;
        this.strides = strides;
        this.size = sizeOf(shape);
        // An empty view may point past the end of its (possibly empty) array; it addresses nothing,
        // so pin its offset to 0 and let bulk copies, fills and native calls take it as it is.
        this.offset = size == 0 ? 0 : offset;
        this.contiguous = isRowMajor(shape, strides);
    }

    // ---------------------------------------------------------------- creation

    /** A new zero tensor of the given dtype and shape (rank 0 is a scalar). */
    public static Tensor zeros(DType dtype, int... shape) {
        int[] s = checkShape(shape);
        int n = sizeOf(s);
        return dtype == DType.F32
                ? new Tensor(dtype, new float[n], null, 0, s, rowMajorStrides(s))
                : new Tensor(dtype, null, new double[n], 0, s, rowMajorStrides(s));
    }

    /** A new zero tensor with the dtype and shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return zeros(like.dtype, like.shape);
    }

    /** Wraps {@code data} (not copied) as a contiguous float32 tensor; {@code shape} must match its length. */
    public static Tensor wrap(float[] data, int... shape) {
        int[] s = checkShape(shape);
        if (sizeOf(s) != data.length) {
            throw new ShapeException("array of length " + data.length + " cannot have shape " + shapeString(s));
        }
        return new Tensor(DType.F32, data, null, 0, s, rowMajorStrides(s));
    }

    /** Wraps {@code data} (not copied) as a contiguous float64 tensor; {@code shape} must match its length. */
    public static Tensor wrap(double[] data, int... shape) {
        int[] s = checkShape(shape);
        if (sizeOf(s) != data.length) {
            throw new ShapeException("array of length " + data.length + " cannot have shape " + shapeString(s));
        }
        return new Tensor(DType.F64, null, data, 0, s, rowMajorStrides(s));
    }

    /** A float64 vector holding a copy of {@code values}. */
    public static Tensor vector(double... values) {
        return wrap(values.clone(), values.length);
    }

    /** A matrix of the given dtype from rows of equal length (copied). */
    public static Tensor matrix(DType dtype, double[][] rows) {
        int m = rows.length;
        int n = m == 0 ? 0 : rows[0].length;
        Tensor t = zeros(dtype, m, n);
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) {
                throw new ShapeException("row " + i + " has length " + rows[i].length + ", expected " + n);
            }
            for (int j = 0; j < n; j++) {
                t.set(rows[i][j], i, j);
            }
        }
        return t;
    }

    /** The n×n identity matrix. */
    public static Tensor eye(DType dtype, int n) {
        Tensor t = zeros(dtype, n, n);
        for (int i = 0; i < n; i++) {
            t.set(1.0, i, i);
        }
        return t;
    }

    /** A contiguous copy with the same dtype. */
    public Tensor copy() {
        return zerosLike(this).assign(this);
    }

    /** A contiguous copy converted to {@code target} (a copy even when the dtype is already {@code target}). */
    public Tensor to(DType target) {
        return zeros(target, shape).assign(this);
    }

    // ---------------------------------------------------------------- metadata and raw access

    public DType dtype() {
        return dtype;
    }

    public int rank() {
        return shape.length;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Length of axis {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axisIndex(axis)];
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** Stride of axis {@code axis} in elements. */
    public int stride(int axis) {
        return strides[axisIndex(axis)];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Rows of a matrix. */
    public int rows() {
        requireRank(2, "rows()");
        return shape[0];
    }

    /** Columns of a matrix. */
    public int cols() {
        requireRank(2, "cols()");
        return shape[1];
    }

    /** True when the elements occupy {@code data[offset .. offset+size)} in row-major order. */
    public boolean isContiguous() {
        return contiguous;
    }

    /** Index of element (0, ..., 0) in the backing array. */
    public int offset() {
        return offset;
    }

    /** The backing float32 array, shared with every view of it. Fails for float64 tensors. */
    public float[] floatData() {
        if (f == null) {
            throw new IllegalStateException("floatData() on a " + dtype + " tensor");
        }
        return f;
    }

    /** The backing float64 array, shared with every view of it. Fails for float32 tensors. */
    public double[] doubleData() {
        if (d == null) {
            throw new IllegalStateException("doubleData() on a " + dtype + " tensor");
        }
        return d;
    }

    /** True when both tensors have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    // ---------------------------------------------------------------- element access

    /** Element i of a vector. */
    public double get(int i) {
        if (shape.length != 1 || i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("index [" + i + "] for shape " + shapeString(shape));
        }
        int p = offset + i * strides[0];
        return f != null ? f[p] : d[p];
    }

    /** Element (i, j) of a matrix. */
    public double get(int i, int j) {
        if (shape.length != 2 || i < 0 || i >= shape[0] || j < 0 || j >= shape[1]) {
            throw new IndexOutOfBoundsException("index [" + i + ", " + j + "] for shape " + shapeString(shape));
        }
        int p = offset + i * strides[0] + j * strides[1];
        return f != null ? f[p] : d[p];
    }

    /** Sets element i of a vector and returns this. */
    public Tensor set(double value, int i) {
        if (shape.length != 1 || i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("index [" + i + "] for shape " + shapeString(shape));
        }
        int p = offset + i * strides[0];
        if (f != null) {
            f[p] = (float) value;
        } else {
            d[p] = value;
        }
        return this;
    }

    /** Sets element (i, j) of a matrix and returns this. */
    public Tensor set(double value, int i, int j) {
        if (shape.length != 2 || i < 0 || i >= shape[0] || j < 0 || j >= shape[1]) {
            throw new IndexOutOfBoundsException("index [" + i + ", " + j + "] for shape " + shapeString(shape));
        }
        int p = offset + i * strides[0] + j * strides[1];
        if (f != null) {
            f[p] = (float) value;
        } else {
            d[p] = value;
        }
        return this;
    }

    /** Element at a multi-index (its length must equal the rank). */
    public double get(int... index) {
        int p = position(index);
        return f != null ? f[p] : d[p];
    }

    /** Sets the element at a multi-index and returns this. */
    public Tensor set(double value, int... index) {
        int p = position(index);
        if (f != null) {
            f[p] = (float) value;
        } else {
            d[p] = value;
        }
        return this;
    }

    /** The i-th element in row-major order (for any strides). */
    public double getFlat(int i) {
        int p = flatPosition(i);
        return f != null ? f[p] : d[p];
    }

    /** Sets the i-th element in row-major order and returns this. */
    public Tensor setFlat(int i, double value) {
        int p = flatPosition(i);
        if (f != null) {
            f[p] = (float) value;
        } else {
            d[p] = value;
        }
        return this;
    }

    /** The elements in row-major order as a new double array. */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        if (contiguous) {
            if (d != null) {
                System.arraycopy(d, offset, out, 0, size);
            } else {
                for (int i = 0; i < size; i++) {
                    out[i] = f[offset + i];
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                out[i] = getFlat(i);
            }
        }
        return out;
    }

    /** The elements in row-major order as a new float array (float64 values are rounded). */
    public float[] toFloatArray() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getFlat(i);
        }
        return out;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size != 1) {
            throw new ShapeException("item() needs exactly one element, shape is " + shapeString(shape));
        }
        return getFlat(0);
    }

    // ---------------------------------------------------------------- views

    /** A view with a new shape over the same elements; one axis may be -1. Needs a contiguous tensor. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new ShapeException("reshape " + shapeString(shape) + " to " + shapeString(newShape)
                            + ": only one axis may be -1");
                }
                infer = i;
            } else {
                if (s[i] < 0) {
                    throw new ShapeException("reshape to " + shapeString(newShape) + ": negative axis length");
                }
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new ShapeException("cannot reshape " + shapeString(shape) + " to " + shapeString(newShape));
            }
            s[infer] = size / known;
        }
        if (sizeOf(s) != size) {
            throw new ShapeException("cannot reshape " + shapeString(shape) + " (" + size + " elements) to "
                    + shapeString(newShape));
        }
        if (!contiguous) {
            throw new ShapeException("reshape needs a contiguous tensor; this view of shape " + shapeString(shape)
                    + " has strides " + Arrays.toString(strides) + " (copy() it first)");
        }
        return new Tensor(dtype, f, d, offset, s, rowMajorStrides(s));
    }

    /** The transpose of a matrix as a view (strides swapped); a vector is returned unchanged. */
    public Tensor t() {
        if (rank() == 1) {
            return this;
        }
        requireRank(2, "t()");
        return new Tensor(dtype, f, d, offset, new int[] {shape[1], shape[0]}, new int[] {strides[1], strides[0]});
    }

    /** The view {@code [from, to)} along {@code axis}. */
    public Tensor slice(int axis, int from, int to) {
        int a = axisIndex(axis);
        if (from < 0 || to > shape[a] || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of axis " + a + " with length "
                    + shape[a] + " in shape " + shapeString(shape));
        }
        int[] s = shape.clone();
        s[a] = to - from;
        return new Tensor(dtype, f, d, offset + from * strides[a], s, strides.clone());
    }

    /** The view at {@code index} along {@code axis}, with that axis removed. */
    public Tensor select(int axis, int index) {
        int a = axisIndex(axis);
        if (index < 0 || index >= shape[a]) {
            throw new IndexOutOfBoundsException("index " + index + " of axis " + a + " with length " + shape[a]);
        }
        int[] s = new int[rank() - 1];
        int[] st = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != a) {
                s[j] = shape[i];
                st[j++] = strides[i];
            }
        }
        return new Tensor(dtype, f, d, offset + index * strides[a], s, st);
    }

    /** The {@code rows × cols} block of a matrix whose top-left element is (r0, c0), as a view. */
    public Tensor block(int r0, int c0, int rows, int cols) {
        requireRank(2, "block()");
        return slice(0, r0, r0 + rows).slice(1, c0, c0 + cols);
    }

    /** Row i of a matrix as a vector view. */
    public Tensor row(int i) {
        requireRank(2, "row()");
        return select(0, i);
    }

    /** Column j of a matrix as a vector view. */
    public Tensor col(int j) {
        requireRank(2, "col()");
        return select(1, j);
    }

    // ---------------------------------------------------------------- in-place elementwise

    /** Sets every element to {@code value}. */
    public Tensor fill(double value) {
        if (contiguous) {
            if (f != null) {
                Arrays.fill(f, offset, offset + size, (float) value);
            } else {
                Arrays.fill(d, offset, offset + size, value);
            }
            return this;
        }
        return apply(x -> value);
    }

    /** Copies the values of {@code src} (same shape, any dtype, any strides) into this tensor. */
    public Tensor assign(Tensor src) {
        requireSameShape(src, "assign");
        if (contiguous && src.contiguous) {
            if (f != null && src.f != null) {
                System.arraycopy(src.f, src.offset, f, offset, size);
            } else if (d != null && src.d != null) {
                System.arraycopy(src.d, src.offset, d, offset, size);
            } else if (f != null) {
                for (int i = 0; i < size; i++) {
                    f[offset + i] = (float) src.d[src.offset + i];
                }
            } else {
                for (int i = 0; i < size; i++) {
                    d[offset + i] = src.f[src.offset + i];
                }
            }
            return this;
        }
        for (int i = 0; i < size; i++) {
            setFlat(i, src.getFlat(i));
        }
        return this;
    }

    /** x ← a·x. */
    public Tensor scale(double a) {
        if (contiguous) {
            if (f != null) {
                ArrayMath.scale(f, offset, size, (float) a);
            } else {
                ArrayMath.scale(d, offset, size, a);
            }
            return this;
        }
        return apply(x -> a * x);
    }

    /** x ← x + c. */
    public Tensor addScalar(double c) {
        if (contiguous && f != null) {
            float cf = (float) c;
            for (int i = offset, e = offset + size; i < e; i++) {
                f[i] += cf;
            }
            return this;
        }
        return apply(x -> x + c);
    }

    /** x ← x + a·y (BLAS axpy). */
    public Tensor addScaled(double a, Tensor y) {
        requireCompatible(y, "addScaled");
        if (contiguous && y.contiguous) {
            if (f != null) {
                ArrayMath.axpy(size, (float) a, y.f, y.offset, f, offset);
            } else {
                ArrayMath.axpy(size, a, y.d, y.offset, d, offset);
            }
            return this;
        }
        return zip(y, (u, v) -> u + a * v);
    }

    /** x ← x + y. */
    public Tensor add(Tensor y) {
        return addScaled(1.0, y);
    }

    /** x ← x − y. */
    public Tensor sub(Tensor y) {
        return addScaled(-1.0, y);
    }

    /** x ← x ⊙ y (elementwise product). */
    public Tensor mul(Tensor y) {
        requireCompatible(y, "mul");
        if (contiguous && y.contiguous) {
            if (f != null) {
                for (int i = 0; i < size; i++) {
                    f[offset + i] *= y.f[y.offset + i];
                }
            } else {
                for (int i = 0; i < size; i++) {
                    d[offset + i] *= y.d[y.offset + i];
                }
            }
            return this;
        }
        return zip(y, (u, v) -> u * v);
    }

    /** x ← x ⊘ y (elementwise quotient). */
    public Tensor div(Tensor y) {
        requireCompatible(y, "div");
        if (contiguous && y.contiguous) {
            if (f != null) {
                for (int i = 0; i < size; i++) {
                    f[offset + i] /= y.f[y.offset + i];
                }
            } else {
                for (int i = 0; i < size; i++) {
                    d[offset + i] /= y.d[y.offset + i];
                }
            }
            return this;
        }
        return zip(y, (u, v) -> u / v);
    }

    /** x ← |x|. */
    public Tensor abs() {
        return apply(Math::abs);
    }

    /** x ← √x. */
    public Tensor sqrt() {
        return apply(Math::sqrt);
    }

    /** x ← x². */
    public Tensor square() {
        return apply(x -> x * x);
    }

    /** x ← sign(x) ∈ {−1, 0, +1} (NaN stays NaN). */
    public Tensor sign() {
        return apply(Math::signum);
    }

    /** x ← min(max(x, lo), hi). */
    public Tensor clamp(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo = " + lo + " must be <= hi = " + hi);
        }
        return apply(x -> x < lo ? lo : (x > hi ? hi : x));
    }

    /**
     * x_i ← op(x_i), evaluated in float64 and rounded to this dtype. The general (slower) path for
     * elementwise maps that have no dedicated method.
     */
    public Tensor apply(DoubleUnaryOperator op) {
        if (contiguous) {
            if (f != null) {
                for (int i = offset, e = offset + size; i < e; i++) {
                    f[i] = (float) op.applyAsDouble(f[i]);
                }
            } else {
                for (int i = offset, e = offset + size; i < e; i++) {
                    d[i] = op.applyAsDouble(d[i]);
                }
            }
            return this;
        }
        for (int i = 0; i < size; i++) {
            setFlat(i, op.applyAsDouble(getFlat(i)));
        }
        return this;
    }

    /** x_i ← op(x_i, y_i) for a same-shape, same-dtype y. */
    public Tensor zip(Tensor y, DoubleBinaryOperator op) {
        requireCompatible(y, "zip");
        for (int i = 0; i < size; i++) {
            setFlat(i, op.applyAsDouble(getFlat(i), y.getFlat(i)));
        }
        return this;
    }

    // ---------------------------------------------------------------- reductions

    /** Σ x_i. */
    public double sum() {
        if (contiguous) {
            return f != null ? ArrayMath.sum(f, offset, size) : ArrayMath.sum(d, offset, size);
        }
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += getFlat(i);
        }
        return s;
    }

    /** Σ x_i / n (NaN for an empty tensor). */
    public double mean() {
        return sum() / size;
    }

    /** ⟨x, y⟩ = Σ x_i y_i over all elements, for same-shape tensors of the same dtype. */
    public double dot(Tensor y) {
        requireCompatible(y, "dot");
        if (contiguous && y.contiguous) {
            return f != null ? ArrayMath.dot(f, offset, y.f, y.offset, size)
                    : ArrayMath.dot(d, offset, y.d, y.offset, size);
        }
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += getFlat(i) * y.getFlat(i);
        }
        return s;
    }

    /** Euclidean norm (Frobenius for matrices), free of overflow and underflow for finite inputs. */
    public double norm() {
        if (contiguous) {
            return f != null ? ArrayMath.norm2(f, offset, size) : ArrayMath.norm2(d, offset, size);
        }
        return copy().norm();
    }

    /** Σ |x_i|. */
    public double norm1() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += Math.abs(getFlat(i));
        }
        return s;
    }

    /** max |x_i| (0 for an empty tensor; NaN if any element is NaN). */
    public double normInf() {
        if (contiguous) {
            return f != null ? ArrayMath.maxAbs(f, offset, size) : ArrayMath.maxAbs(d, offset, size);
        }
        double m = 0;
        for (int i = 0; i < size; i++) {
            double v = Math.abs(getFlat(i));
            if (v > m || Double.isNaN(v)) {
                m = v;
            }
        }
        return m;
    }

    /** Largest element. */
    public double max() {
        requireNonEmpty("max");
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            double v = getFlat(i);
            if (v > m || Double.isNaN(v)) {
                m = v;
            }
        }
        return m;
    }

    /** Smallest element. */
    public double min() {
        requireNonEmpty("min");
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            double v = getFlat(i);
            if (v < m || Double.isNaN(v)) {
                m = v;
            }
        }
        return m;
    }

    /** True when no element is NaN or infinite. */
    public boolean allFinite() {
        if (contiguous) {
            return f != null ? ArrayMath.allFinite(f, offset, size) : ArrayMath.allFinite(d, offset, size);
        }
        for (int i = 0; i < size; i++) {
            if (!Double.isFinite(getFlat(i))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- object methods

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype).append(", ").append(shapeString(shape));
        if (size <= 16) {
            sb.append(", ").append(Arrays.toString(toDoubleArray()));
        }
        return sb.append(')').toString();
    }

    /** Formats a shape as {@code [2, 3]}. */
    public static String shapeString(int... shape) {
        return Arrays.toString(shape);
    }

    // ---------------------------------------------------------------- checks and index arithmetic

    /** Throws unless {@code other} has this tensor's shape and dtype; {@code op} names the operation. */
    public void requireCompatible(Tensor other, String op) {
        requireSameShape(other, op);
        if (other.dtype != dtype) {
            throw new IllegalArgumentException(op + ": dtype mismatch " + dtype + " vs " + other.dtype
                    + " (convert with to(DType))");
        }
    }

    private void requireSameShape(Tensor other, String op) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new ShapeException(op + ": shape mismatch " + shapeString(shape) + " vs " + shapeString(other.shape));
        }
    }

    /** Throws unless this tensor has rank {@code r}. */
    public void requireRank(int r, String op) {
        if (rank() != r) {
            throw new ShapeException(op + " needs a rank-" + r + " tensor, got shape " + shapeString(shape));
        }
    }

    private void requireNonEmpty(String op) {
        if (size == 0) {
            throw new ShapeException(op + " of an empty tensor of shape " + shapeString(shape));
        }
    }

    private int axisIndex(int axis) {
        int a = axis < 0 ? axis + rank() : axis;
        if (a < 0 || a >= rank()) {
            throw new IndexOutOfBoundsException("axis " + axis + " for shape " + shapeString(shape));
        }
        return a;
    }

    private int position(int[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " for shape " + shapeString(shape));
        }
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " for shape "
                        + shapeString(shape));
            }
            p += index[i] * strides[i];
        }
        return p;
    }

    private int flatPosition(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("flat index " + i + " for " + size + " elements");
        }
        if (contiguous) {
            return offset + i;
        }
        int p = offset;
        for (int a = shape.length - 1; a >= 0; a--) {
            int n = shape[a];
            p += (i % n) * strides[a];
            i /= n;
        }
        return p;
    }

    private static int[] checkShape(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new ShapeException("negative axis length in shape " + shapeString(shape));
            }
            n *= s;
            if (n > Integer.MAX_VALUE - 8) {
                throw new ShapeException("shape " + shapeString(shape) + " has more than 2^31 elements");
            }
        }
        return shape.clone();
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** Row-major contiguity; axes of length 1 may have any stride, and an empty tensor is contiguous. */
    private static boolean isRowMajor(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    private static int[] rowMajorStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }
}
