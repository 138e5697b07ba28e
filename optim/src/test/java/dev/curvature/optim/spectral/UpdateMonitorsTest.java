package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The values of {@code update_rms} and {@code update_spectrum} on a step built from known factors:
 * x_t − x_s = (t − s)·Δ with Δ = (vector v = (1, 2), matrix W = Q₁·diag(5, 2)·Q₂ᵀ, matrix U = I₂),
 * Q₁ = [(1, 2, 2)/3, (2, 1, −2)/3] and Q₂ the rotation with cos = 3/5, sin = 4/5, so that the
 * entries of W are rational and its singular values are 5 and 2. Hence
 * update_rms = √((25 + 4 + 2)/(6 + 4)) = √3.1, update_rms_all = √((31 + 5)/12) = √3, and for W:
 * σ_max = 5, σ_min = 2, ratio 0.4, stable rank (25 + 4)/25.
 */
class UpdateMonitorsTest {
    /** Relative accuracy of a 3×2 SVD and of sums of a dozen squares in double precision. */
    private static final double TOL = 1e-12;
    private static final Problem UNUSED = new TestQuadratic(DType.F64);

    private static double[][] w() {
        double[][] q1 = {{1 / 3.0, 2 / 3.0}, {2 / 3.0, 1 / 3.0}, {2 / 3.0, -2 / 3.0}};
        double[][] q2 = {{0.6, -0.8}, {0.8, 0.6}};
        double[] s = {5, 2};
        double[][] w = new double[3][2];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    w[i][j] += q1[i][k] * s[k] * q2[j][k];
                }
            }
        }
        return w;
    }

    /** x₀ + c·Δ, with an arbitrary x₀ whose entries are not multiples of Δ's. */
    private static Blocks point(double c) {
        double[][] w = w();
        double[][] wx = new double[3][2];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                wx[i][j] = 0.1 * (i + 1) - 0.3 * j + c * w[i][j];
            }
        }
        return Blocks.builder()
                .add("v", Tensor.vector(0.5 + c, -0.25 + 2 * c))
                .add("W", Tensor.matrix(DType.F64, wx))
                .add("U", Tensor.matrix(DType.F64, new double[][] {{1 + c, 0.5}, {-0.5, 2 + c}}))
                .build();
    }

    private static Monitor monitor(String name, Map<String, ?> params) {
        return Registries.standard().monitors().get(name).create(params);
    }

    @Test
    void updateRmsIsTheRmsOfTheStepPerStepOverMatrixBlocksAndOverAllBlocks() {
        Monitor m = monitor("update_rms", Map.of());
        Map<String, Double> first = m.measure(UNUSED, point(0), 10);
        assertTrue(first.get("update_rms").isNaN() && first.get("update_rms_all").isNaN(), "no previous point: " + first);
        // Four steps later the point moved by 4Δ: the per-step RMS is that of Δ.
        Map<String, Double> later = m.measure(UNUSED, point(4), 14);
        assertEquals(Math.sqrt(3.1), later.get("update_rms"), TOL);
        assertEquals(Math.sqrt(3.0), later.get("update_rms_all"), TOL);
        // One step after that, a move of −2Δ: the RMS of 2Δ, measured from the last measurement.
        Map<String, Double> next = m.measure(UNUSED, point(2), 15);
        assertEquals(2 * Math.sqrt(3.1), next.get("update_rms"), TOL);
        assertEquals(2 * Math.sqrt(3.0), next.get("update_rms_all"), TOL);
        // The same step measured twice has no update.
        assertTrue(m.measure(UNUSED, point(2), 15).get("update_rms").isNaN());
    }

    @Test
    void updateRmsWithoutMatrixBlocksIsNaNForMatricesAndTheVectorRmsForAll() {
        Monitor m = monitor("update_rms", Map.of());
        m.measure(UNUSED, Blocks.single("v", Tensor.vector(1, 1, 1, 1)), 0);
        Map<String, Double> out = m.measure(UNUSED, Blocks.single("v", Tensor.vector(2, -1, 1, 1)), 1);
        assertTrue(out.get("update_rms").isNaN(), "no matrix block: " + out);
        assertEquals(Math.sqrt(5 / 4.0), out.get("update_rms_all"), TOL);
    }

    @Test
    void updateSpectrumReportsTheSingularValuesOfTheFirstMatrixBlock() {
        Monitor m = monitor("update_spectrum", Map.of());
        Map<String, Double> first = m.measure(UNUSED, point(1), 3);
        assertTrue(first.values().stream().allMatch(v -> v.isNaN()), "no previous point: " + first);
        Map<String, Double> out = m.measure(UNUSED, point(4), 6);
        assertEquals(5.0, out.get("update_sv_max"), 5 * TOL);
        assertEquals(2.0, out.get("update_sv_min"), 5 * TOL);
        assertEquals(0.4, out.get("update_sv_ratio"), TOL);
        assertEquals(29 / 25.0, out.get("update_stable_rank"), TOL);
        assertEquals(5.0, out.get("update_sv_1"), 5 * TOL);
        assertEquals(2.0, out.get("update_sv_2"), 5 * TOL);
        assertTrue(out.get("update_sv_3").isNaN(), "a 3×2 step has two singular values");
        assertEquals(7, out.size(), "columns: " + out.keySet());
    }

    @Test
    void updateSpectrumOfANamedBlockAndOfAScaledStep() {
        Monitor m = monitor("update_spectrum", Map.of("block", "U", "top", 1L));
        m.measure(UNUSED, point(0), 0);
        // Two steps, a move of 6·I: the per-step update is 3·I, orthogonal up to scale.
        Map<String, Double> out = m.measure(UNUSED, point(6), 2);
        assertEquals(3.0, out.get("update_sv_max"), 3 * TOL);
        assertEquals(3.0, out.get("update_sv_min"), 3 * TOL);
        assertEquals(1.0, out.get("update_sv_ratio"), TOL);
        assertEquals(2.0, out.get("update_stable_rank"), TOL);
        assertEquals(3.0, out.get("update_sv_1"), 3 * TOL);
        assertEquals(5, out.size(), "columns: " + out.keySet());
    }

    @Test
    void updateSpectrumOfAVectorBlockIsNaNAndOfAMissingBlockFails() {
        Monitor vector = monitor("update_spectrum", Map.of("block", "v"));
        vector.measure(UNUSED, point(0), 0);
        assertTrue(vector.measure(UNUSED, point(1), 1).get("update_sv_max").isNaN());
        Monitor missing = monitor("update_spectrum", Map.of("block", "nope"));
        missing.measure(UNUSED, point(0), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> missing.measure(UNUSED, point(1), 1));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("[v, W, U]"), e.getMessage());
    }
}
