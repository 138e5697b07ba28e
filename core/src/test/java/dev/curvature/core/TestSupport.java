package dev.curvature.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curvature.core.backend.Backend;
import dev.curvature.core.backend.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Shared helpers of the core tests: the backends to run on, naive float64 references, random
 * matrix builders and tolerance asserts.
 */
public final class TestSupport {
    private TestSupport() {}

    // ------------------------------------------------------------------ backends

    /** A backend under test with a readable name for parameterized test display. */
    public record BackendCase(String name, Supplier<Backend> supplier) {
        public Backend get() {
            return supplier.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Java kernels, OpenBLAS with its small-size cut-over to Java, and OpenBLAS at every size. */
    public static List<BackendCase> backends() {
        List<BackendCase> list = new ArrayList<>();
        list.add(new BackendCase("java", Backends::java));
        if (Backends.nativeAvailable()) {
            list.add(new BackendCase("native", Backends::nativeBackend));
            list.add(new BackendCase("native-forced", () -> Backends.nativeBackend().withThreshold(0)));
        }
        return list;
    }

    /** Every backend crossed with both dtypes. */
    public static Stream<Arguments> backendsAndDtypes() {
        List<Arguments> out = new ArrayList<>();
        for (BackendCase b : backends()) {
            for (DType dt : DType.values()) {
                out.add(Arguments.of(b, dt));
            }
        }
        return out.stream();
    }

    /** Makes {@code backend} current until {@link AutoCloseable#close()}, which restores the previous one. */
    public static BackendScope use(BackendCase backend) {
        Backend previous = Backends.current();
        Backends.setCurrent(backend.get());
        return new BackendScope(previous);
    }

    /** Restores the backend that was current before {@link #use(BackendCase)}. */
    public static final class BackendScope implements AutoCloseable {
        private final Backend previous;

        private BackendScope(Backend previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            Backends.setCurrent(previous);
        }
    }

    // ------------------------------------------------------------------ tolerances

    /** Unit roundoff of a dtype. */
    public static double eps(DType dtype) {
        return dtype == DType.F32 ? Math.ulp(1.0f) : Math.ulp(1.0);
    }

    /** A tolerance for a computation of size {@code n}: a generous multiple of n·eps. */
    public static double tol(DType dtype, int n) {
        return 32.0 * Math.max(1, n) * eps(dtype);
    }

    // ------------------------------------------------------------------ builders

    /** A new tensor of the given shape with uniform entries in [-1, 1). */
    public static Tensor random(Random rnd, DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, 2 * rnd.nextDouble() - 1);
        }
        return t;
    }

    /**
     * A matrix of shape rows×cols filled with uniform entries, laid out in one of several ways:
     * 0 contiguous; 1 a block of a larger matrix (offset and leading dimension); 2 the transpose
     * of a contiguous matrix; 3 the transpose of a block of a larger matrix; 4 a matrix with no
     * unit stride (a slice of a 3-D tensor). The rest of the larger storage is filled with NaN so
     * that reading outside the view shows.
     */
    public static Tensor randomMatrix(Random rnd, DType dtype, int rows, int cols, int layout) {
        Tensor view = switch (layout) {
            case 0 -> Tensor.zeros(dtype, rows, cols);
            case 1 -> Tensor.zeros(dtype, rows + 3, cols + 5).fill(Double.NaN).block(2, 3, rows, cols);
            case 2 -> Tensor.zeros(dtype, cols, rows).t();
            case 3 -> Tensor.zeros(dtype, cols + 4, rows + 2).fill(Double.NaN).block(1, 2, cols, rows).t();
            case 4 -> Tensor.zeros(dtype, rows, cols, 3).fill(Double.NaN).select(2, 1);
            default -> throw new IllegalArgumentException("layout " + layout);
        };
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                view.set(2 * rnd.nextDouble() - 1, i, j);
            }
        }
        return view;
    }

    /** A human-readable name of a {@link #randomMatrix} layout. */
    public static String layoutName(int layout) {
        return switch (layout) {
            case 0 -> "contiguous";
            case 1 -> "block";
            case 2 -> "transposed";
            case 3 -> "transposed block";
            case 4 -> "no unit stride";
            default -> "layout " + layout;
        };
    }

    /** A writable matrix (unit column stride): contiguous (layout 0) or a block of a larger matrix. */
    public static Tensor outputMatrix(DType dtype, int rows, int cols, int layout) {
        return layout % 2 == 0 ? Tensor.zeros(dtype, rows, cols)
                : Tensor.zeros(dtype, rows + 2, cols + 3).fill(Double.NaN).block(1, 2, rows, cols);
    }

    /** A symmetric matrix with uniform entries. */
    public static Tensor randomSymmetric(Random rnd, DType dtype, int n) {
        Tensor a = Tensor.zeros(dtype, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 2 * rnd.nextDouble() - 1;
                a.set(v, i, j);
                a.set(v, j, i);
            }
        }
        return a;
    }

    /** A well-conditioned symmetric positive-definite matrix B·Bᵀ/n + I. */
    public static Tensor randomSpd(Random rnd, DType dtype, int n) {
        double[][] b = toArray(random(rnd, DType.F64, n, n));
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += b[i][p] * b[j][p];
                }
                c[i][j] = s / n + (i == j ? 1 : 0);
            }
        }
        return Tensor.matrix(dtype, c);
    }

    // ------------------------------------------------------------------ naive references (float64)

    /** The elements of a matrix as rows of doubles. */
    public static double[][] toArray(Tensor a) {
        a.requireRank(2, "toArray");
        double[][] out = new double[a.rows()][a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                out[i][j] = a.get(i, j);
            }
        }
        return out;
    }

    /** A·B in float64 by the textbook triple loop. */
    public static double[][] matmul(double[][] a, double[][] b, int m, int k, int n) {
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                for (int j = 0; j < n; j++) {
                    c[i][j] += aip * b[p][j];
                }
            }
        }
        return c;
    }

    /** |A|·|B| in float64, the scale against which rounding errors of A·B are measured. */
    public static double[][] absMatmul(double[][] a, double[][] b, int m, int k, int n) {
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = Math.abs(a[i][p]);
                for (int j = 0; j < n; j++) {
                    c[i][j] += aip * Math.abs(b[p][j]);
                }
            }
        }
        return c;
    }

    /** Aᵀ in float64. */
    public static double[][] transpose(double[][] a, int m, int n) {
        double[][] t = new double[n][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** ‖A‖_F in float64 (rows of equal length). */
    public static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** ‖A − B‖_F in float64. */
    public static double frobeniusDiff(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - b[i][j];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** ‖XᵀX − I‖_F for a matrix X (m×p), computed in float64: how far the columns are from orthonormal. */
    public static double orthonormalColumnsError(Tensor x) {
        double[][] a = toArray(x);
        int m = x.rows();
        int p = x.cols();
        double s = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double d = 0;
                for (int r = 0; r < m; r++) {
                    d += a[r][i] * a[r][j];
                }
                d -= i == j ? 1 : 0;
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    // ------------------------------------------------------------------ asserts

    /**
     * Asserts that every element of {@code got} (a matrix) is within {@code tol·scale[i][j] + tiny}
     * of {@code expected}, where {@code scale} bounds the rounding error (e.g. |A|·|B|).
     */
    public static void assertMatrixClose(double[][] expected, double[][] scale, Tensor got, double tol, String what) {
        got.requireRank(2, what);
        if (got.rows() != expected.length || (expected.length > 0 && got.cols() != expected[0].length)) {
            fail(what + ": shape " + Tensor.shapeString(got.shape()) + ", expected [" + expected.length + ", "
                    + (expected.length == 0 ? "?" : expected[0].length) + "]");
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double g = got.get(i, j);
                double e = expected[i][j];
                double bound = tol * (scale == null ? Math.abs(e) + 1 : scale[i][j]) + Double.MIN_NORMAL;
                if (!(Math.abs(g - e) <= bound)) {
                    fail(what + ": element (" + i + ", " + j + ") is " + g + ", expected " + e + " (|diff| = "
                            + Math.abs(g - e) + " > " + bound + ")");
                }
            }
        }
    }

    /** Asserts {@code value <= bound} with a message that shows both. */
    public static void assertAtMost(double value, double bound, String what) {
        assertTrue(value <= bound, () -> what + " = " + value + " exceeds " + bound);
    }

    /** Asserts |got − expected| ≤ relTol·|expected| + absTol. */
    public static void assertRelClose(double expected, double got, double relTol, double absTol, String what) {
        double bound = relTol * Math.abs(expected) + absTol;
        assertTrue(Math.abs(got - expected) <= bound,
                () -> what + ": got " + got + ", expected " + expected + " (|diff| = " + Math.abs(got - expected)
                        + " > " + bound + ")");
    }
}
