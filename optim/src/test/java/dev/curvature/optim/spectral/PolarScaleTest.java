package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine on inputs from subnormal to the largest finite entries: the output is finite and as
 * close to the exact polar factor as the same engine's output at scale 1, since polar(s·G) = polar(G).
 */
class PolarScaleTest {

    /** Scales of float64 inputs: powers of two (the input is exactly s·M) and decimal ones. */
    private static final double[] F64_SCALES = {
        0x1p-1074, 0x1p-1060, 0x1p-1022, 0x1p-997, 0x1p-500, 0x1p-201, 0x1p-199, 0x1p-100, 0x1p-33, 0x1p-20,
        0x1p20, 0x1p199, 0x1p201, 0x1p399, 0x1p997, 0x1p1017, 1e-300, 1e-100, 1e-30, 1e-10, 1e-5, 1e100, 1e300, 1.7e308 / 64
    };

    /** Scales of float32 inputs, the subnormal range included. */
    private static final double[] F32_SCALES = {
        0x1p-149, 0x1p-140, 0x1p-126, 0x1p-100, 0x1p-41, 0x1p-39, 0x1p-33, 0x1p-10, 0x1p10, 0x1p39, 0x1p41,
        0x1p100, 0x1p121, 1e-38, 1e-30, 1e-10, 1e-5, 1e10, 1e30, 3e38 / 64
    };

    static List<String> engines() {
        return Polar.names();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void everyEngineIsFiniteAndAsAccurateAtEveryScaleAsAtScaleOne(String name) {
        for (DType dtype : DType.values()) {
            for (int[] shape : new int[][] {{6, 9}, {9, 6}, {34, 36}}) {
                Tensor m = integers(shape[0], shape[1], shape[0] * 100L + shape[1]);
                PolarEngine engine = Polar.engine(name).scaleInvariant();
                double atOne = error(engine, m.to(dtype));
                // Power-of-two rescaling is exact; what remains is rounding in the norm and products.
                double tolerance = atOne * 0.03 + (dtype == DType.F32 ? 1e-5 : 1e-11);
                for (double s : dtype == DType.F32 ? F32_SCALES : F64_SCALES) {
                    Tensor x = m.copy().scale(s).to(dtype);
                    double e = error(engine, x);
                    String where = name + " " + dtype + " " + shape[0] + "x" + shape[1] + " at scale " + s;
                    assertTrue(Double.isFinite(e), where + ": output is not finite");
                    assertTrue(Math.abs(e - atOne) <= tolerance, where + ": polar error " + e + ", at scale 1 " + atOne);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void zeroGivesZeroAndTheSmallestSubnormalMultipleOfTheIdentityGivesTheIdentity(String name) {
        for (DType dtype : DType.values()) {
            Tensor zero = Tensor.zeros(dtype, 3, 4);
            Tensor out = Tensor.zeros(dtype, 3, 4).fill(7);
            Polar.engine(name).scaleInvariant().polar(zero, out);
            assertArrayEquals(new double[12], out.toDoubleArray(), name + " " + dtype + ": polar(0) = 0");
            // The smallest positive entry of the dtype on the diagonal: polar is the identity block.
            Tensor tiny = Tensor.zeros(dtype, 3, 4);
            double min = dtype == DType.F32 ? Float.MIN_VALUE : Double.MIN_VALUE;
            for (int i = 0; i < 3; i++) {
                tiny.set(min, i, i);
            }
            Polar.engine(name).scaleInvariant().polar(tiny, out);
            for (int i = 0; i < 3; i++) {
                assertEquals(1.0, out.get(i, i), 0.35, name + " " + dtype + ": polar(ε·I)[" + i + "," + i + "]");
            }
        }
    }

    /**
     * The optimizers' engines keep the reference normalization X/(s·‖X‖_F + ε): on an input whose norm
     * is far below ε the update is damped towards zero, as in the reference code, while the
     * scale-invariant form returns the polar factor.
     */
    @Test
    void theOptimizersEngineDampsATinyInputAsTheReferenceDoesAndTheScaleInvariantOneDoesNot() {
        Tensor g = integers(6, 9, 7).scale(1e-14); // ‖G‖_F ≈ 4e-12, far below ε = 1e-7
        Tensor damped = Tensor.zeros(DType.F64, 6, 9);
        Polar.engine("ns5").polar(g, damped);
        // By hand: X₀ = G/(‖G‖_F + 1e-7) has singular values ≈ 1e-5, where the quintic is linear,
        // x ↦ 3.4445·x up to a relative 4.775·x² ≈ 1e-9 per step; five steps scale X₀ by 3.4445⁵.
        Tensor expected = g.copy().scale(Math.pow(3.4445, 5) / (g.norm() + 1e-7));
        assertArrayEquals(expected.toDoubleArray(), damped.toDoubleArray(), 1e-6 * expected.norm(),
                "ns5 applies the quintic to G/(‖G‖_F + 1e-7)");
        assertTrue(damped.norm() < 0.1, "the reference ε damps the update: ‖out‖ = " + damped.norm());
        Tensor polar = Tensor.zeros(DType.F64, 6, 9);
        Polar.engine("ns5").scaleInvariant().polar(g, polar);
        assertTrue(polar.norm() > 1.5, "scale invariant: ‖out‖_F near √6, got " + polar.norm());
    }

    /** A full-rank matrix of small integers in [−64, 64]: exactly representable at every power-of-two scale. */
    private static Tensor integers(int m, int n, long seed) {
        Tensor g = RandomStream.of(seed).fillNormal(Tensor.zeros(DType.F64, m, n), 0, 20);
        for (int i = 0; i < g.size(); i++) {
            g.setFlat(i, Math.max(-64, Math.min(64, Math.rint(g.getFlat(i)))));
        }
        return g;
    }

    /** The polar error of the engine on x against the exact factor of x, brought to unit scale in float64 here. */
    private static double error(PolarEngine engine, Tensor x) {
        Tensor out = Tensor.zeros(x.dtype(), x.rows(), x.cols());
        engine.polar(x, out);
        double[] v = x.toDoubleArray();
        double max = 0;
        for (double d : v) {
            max = Math.max(max, Math.abs(d));
        }
        int k = 200 - Math.getExponent(max * 0x1p200); // exact: the largest entry goes to [1, 2)
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.scalb(v[i], k);
        }
        Tensor exact = Tensor.zeros(DType.F64, x.rows(), x.cols());
        new ExactPolar(x.dtype()).polar(Tensor.wrap(v, x.rows(), x.cols()), exact);
        return SpectralDiagnostics.polarError(out.to(DType.F64), exact);
    }
}
