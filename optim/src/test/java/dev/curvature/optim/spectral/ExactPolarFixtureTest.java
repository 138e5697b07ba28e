package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact engines above the Jacobi limit (min(m, n) &gt; {@link ExactPolar#JACOBI_MAX}, where
 * {@code svd} takes the LAPACK path) against numpy's U·Vᵀ from {@code np.linalg.svd}, written by
 * {@code polar/make_polar_fixtures.py} next to these resources with numpy's singular values.
 *
 * <p>Tolerance: a backward-stable method returns the polar factor of G + ΔG with
 * ‖ΔG‖_F ≤ max(m, n)·u·‖G‖_F (u the unit roundoff of the input's dtype), and the polar factor of a
 * full-rank matrix moves by at most 3·‖ΔG‖_F/σ_min (Li's bound 2/(σ_n + σ̃_n) for the square case,
 * plus 1/σ_min for the rectangular part); numpy's own error is of the same form in float64; and a
 * float32 output is rounded once more, √(m·n)·u_32.
 */
class ExactPolarFixtureTest {

    private static Tensor load(String name) throws IOException {
        try (InputStream in = ExactPolarFixtureTest.class.getResourceAsStream("polar/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture polar/" + name);
            }
            return Npy.read(in, name);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}×{3}")
    @CsvSource({"svd, f8, 40, 36", "svd, f8, 64, 64", "svd, f8, 48, 96", "svd, f4, 96, 48", "svd, f4, 36, 40",
        "qdwh, f8, 40, 36", "qdwh, f8, 64, 64", "qdwh, f8, 48, 96", "qdwh, f4, 96, 48", "qdwh, f4, 36, 40"})
    void exactEngineEqualsNumpysPolarFactor(String engine, String dtype, int m, int n) throws IOException {
        String stem = dtype + "_" + m + "x" + n;
        Tensor g = load(stem + "_g.npy");
        Tensor want = load(stem + "_polar.npy");
        double[] sigma = load(stem + "_sigma.npy").toDoubleArray();
        DType d = dtype.equals("f8") ? DType.F64 : DType.F32;
        assertEquals(d, g.dtype(), "fixture dtype");
        assertTrue(Math.min(m, n) > ExactPolar.JACOBI_MAX, "the fixture is above the Jacobi limit");

        Tensor out = Tensor.zeros(d, m, n);
        Polar.engine(engine).polar(g, out);

        double u = d == DType.F64 ? 0x1p-53 : 0x1p-24;
        double normG = 0;
        for (double s : sigma) {
            normG += s * s;
        }
        normG = Math.sqrt(normG);
        double sigmaMin = sigma[sigma.length - 1];
        double p = Math.max(m, n);
        double tol = 3 * p * u * normG / sigmaMin + 3 * p * 0x1p-53 * normG / sigmaMin
                + (d == DType.F32 ? Math.sqrt((double) m * n) * u : 0);
        double err = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double e = out.get(i, j) - want.get(i, j);
                err += e * e;
            }
        }
        err = Math.sqrt(err);
        assertTrue(err <= tol, engine + " " + stem + ": ‖U − U_numpy‖_F = " + err + " > " + tol
                + " (κ = " + sigma[0] / sigmaMin + ")");
    }
}
