package dev.curvature.optim.testing;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Label;
import dev.curvature.optim.Problem;
import java.util.OptionalDouble;

/**
 * A small, strongly convex, separable quadratic over several blocks, for the optimizer contract:
 * f(x) = ½ Σ_k a_k (x_k − c_k)² over the flattened elements of a vector block {@code w} (5), a
 * matrix block {@code W} (3×4, or any shape) and a bias block {@code b} (3), with curvatures a_k in [1, 4] and
 * f* = 0 at x = c. The closed forms {@link #curvature}, {@link #center} and {@link #start} let
 * scalar reference implementations compute gradients in plain double loops, independently of the
 * library.
 *
 * <p>{@link #valueAndGradient} allocates nothing, so it may run inside allocation measurements.
 */
public final class TestQuadratic implements Problem {
    /** Element counts of the blocks, in order. */
    public static final int[] SIZES = {5, 12, 3};
    /** Total number of elements. */
    public static final int N = 20;

    private final DType dtype;
    private final int vectorSize;
    private final int rows;
    private final int cols;
    private final int biasSize;

    /** The quadratic with blocks in {@code dtype}. */
    public TestQuadratic(DType dtype) {
        this(dtype, 1);
    }

    /**
     * The same structure with every block {@code scale} times longer (for allocation and timing
     * measurements on larger blocks): w has 5·scale elements, W is 3·scale × 4, b has 3·scale.
     */
    public TestQuadratic(DType dtype, int scale) {
        this(dtype, SIZES[0] * scale, 3 * scale, 4, SIZES[2] * scale);
    }

    /**
     * The same structure with a {@code rows}×{@code cols} matrix block W (a tall one shows the
     * orientation rules of spectral methods): w has 5 elements, b has 3.
     */
    public TestQuadratic(DType dtype, int rows, int cols) {
        this(dtype, SIZES[0], rows, cols, SIZES[2]);
    }

    private TestQuadratic(DType dtype, int vectorSize, int rows, int cols, int biasSize) {
        this.dtype = dtype;
        this.vectorSize = vectorSize;
        this.rows = rows;
        this.cols = cols;
        this.biasSize = biasSize;
    }

    @Override
    public String name() {
        return "test_quadratic";
    }

    /** a_k ∈ [1, 4]: seven distinct curvatures, condition number 4. */
    public static double curvature(int k) {
        return 1.0 + 0.5 * (k % 7);
    }

    /** The minimizer's element k. */
    public static double center(int k) {
        return 0.25 * ((k * 3) % 5) - 0.5;
    }

    /** The initial point's element k: c_k ± (0.5 … 1.4), never at the minimizer in any coordinate. */
    public static double start(int k) {
        double offset = 0.5 + 0.1 * (k % 10);
        return center(k) + (k % 3 == 1 ? -offset : offset);
    }

    /** The gradient a_k (x_k − c_k) of a flat double point, written into g. */
    public static void gradient(double[] x, double[] g) {
        for (int k = 0; k < x.length; k++) {
            g[k] = curvature(k) * (x[k] - center(k));
        }
    }

    /** The minimizer as flat doubles. */
    public double[] minimizer() {
        double[] c = new double[size()];
        for (int k = 0; k < c.length; k++) {
            c[k] = center(k);
        }
        return c;
    }

    /** Total number of elements. */
    public int size() {
        return vectorSize + rows * cols + biasSize;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Blocks x = Blocks.builder()
                .add("w", Label.VECTOR, Tensor.zeros(dtype, vectorSize))
                .add("W", Label.MATRIX, Tensor.zeros(dtype, rows, cols))
                .add("b", Label.BIAS, Tensor.zeros(dtype, biasSize))
                .build();
        int k = 0;
        for (int i = 0; i < x.count(); i++) {
            Tensor t = x.tensor(i);
            for (int j = 0, n = t.size(); j < n; j++) {
                t.setFlat(j, start(k++));
            }
        }
        return x;
    }

    @Override
    public double value(Blocks x) {
        double f = 0;
        int k = 0;
        for (int i = 0, nb = x.count(); i < nb; i++) {
            Tensor t = x.tensor(i);
            for (int j = 0, n = t.size(); j < n; j++, k++) {
                double d = t.getFlat(j) - center(k);
                f += 0.5 * curvature(k) * d * d;
            }
        }
        return f;
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        double f = 0;
        int k = 0;
        for (int i = 0, nb = x.count(); i < nb; i++) {
            Tensor t = x.tensor(i);
            Tensor g = grad.tensor(i);
            for (int j = 0, n = t.size(); j < n; j++, k++) {
                double d = t.getFlat(j) - center(k);
                f += 0.5 * curvature(k) * d * d;
                g.setFlat(j, curvature(k) * d);
            }
        }
        return f;
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(0.0);
    }

    /** The elements of all blocks, in block order, as doubles. */
    public static double[] flatten(Blocks x) {
        double[] out = new double[(int) x.size()];
        int k = 0;
        for (int i = 0; i < x.count(); i++) {
            Tensor t = x.tensor(i);
            for (int j = 0, n = t.size(); j < n; j++) {
                out[k++] = t.getFlat(j);
            }
        }
        return out;
    }

    /** The raw bits of all elements, in block order (float bits widened for F32 blocks). */
    public static long[] rawBits(Blocks x) {
        long[] out = new long[(int) x.size()];
        int k = 0;
        for (int i = 0; i < x.count(); i++) {
            Tensor t = x.tensor(i);
            for (int j = 0, n = t.size(); j < n; j++) {
                out[k++] = t.dtype() == DType.F32 ? Float.floatToRawIntBits((float) t.getFlat(j))
                        : Double.doubleToRawLongBits(t.getFlat(j));
            }
        }
        return out;
    }

    /** Euclidean distance of x to the minimizer. */
    public double distanceToOptimum(Blocks x) {
        double[] v = flatten(x);
        double s = 0;
        for (int k = 0; k < v.length; k++) {
            double d = v[k] - center(k);
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
