package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.backend.Backend;
import dev.curvature.core.backend.Backends;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.testing.Allocations;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The polar engines: Jacobi and QDWH against LAPACK below the Jacobi limit, conditioning, transposes,
 * edge cases and allocation. The polynomial engines' singular-value maps are in
 * {@link PolynomialSpectrumMapTest}, the exact engines above the Jacobi limit in {@link ExactPolarFixtureTest}.
 */
class PolarEnginesTest {

    static List<String> engines() {
        return Polar.names();
    }

    /** G = U·diag(s)·Vᵀ with Haar U, V and the given singular values. */
    static Tensor withSpectrum(DType d, int m, int n, double[] s, long seed) {
        RandomStream rng = RandomStream.of(seed);
        int r = Math.min(m, n);
        Tensor u = rng.haarOrthogonal(DType.F64, m, r);
        Tensor v = rng.haarOrthogonal(DType.F64, n, r);
        Tensor us = u.copy();
        for (int j = 0; j < r; j++) {
            us.col(j).scale(s[j]);
        }
        return Linalg.matmul(us, v.t()).to(d);
    }

    static Tensor gaussian(DType d, int m, int n, long seed) {
        return RandomStream.of(seed).fillNormal(Tensor.zeros(d, m, n), 0, 1);
    }

    static double[] logSpaced(int r, double lo, double hi) {
        double[] s = new double[r];
        for (int i = 0; i < r; i++) {
            s[i] = hi * Math.pow(lo / hi, r == 1 ? 0 : (double) i / (r - 1));
        }
        return s;
    }

    /**
     * Below the Jacobi limit the exact engine runs one-sided Jacobi, an algorithm independent of
     * LAPACK's; above it, {@link ExactPolarFixtureTest} compares with numpy.
     */
    @Test
    void jacobiAndQdwhEqualLapacksPolarFactorBelowTheJacobiLimit() {
        for (int[] shape : new int[][] {{7, 12}, {12, 7}, {32, 45}}) {
            Tensor g = gaussian(DType.F64, shape[0], shape[1], 3);
            Tensor jac = Tensor.zeros(DType.F64, shape[0], shape[1]);
            new ExactPolar().polar(g, jac);
            Tensor lapack = Tensor.zeros(DType.F64, shape[0], shape[1]);
            var svd = Linalg.svd(g);
            Linalg.gemm(1, svd.u(), svd.vt(), 0, lapack);
            assertTrue(SpectralDiagnostics.polarError(jac, lapack) < 1e-12, "Jacobi/LAPACK " + shape[0] + "x" + shape[1]);
            Tensor q = Tensor.zeros(DType.F64, shape[0], shape[1]);
            new Qdwh().polar(g, q);
            assertTrue(SpectralDiagnostics.polarError(q, lapack) < 1e-12, "QDWH " + shape[0] + "x" + shape[1]);
        }
    }

    @Test
    void qdwhOnIllConditionedMatrices() {
        Tensor g = withSpectrum(DType.F64, 80, 50, logSpaced(50, 1e-9, 1), 5);
        Qdwh q = new Qdwh();
        assertTrue(SpectralDiagnostics.polarError(q, g) < 1e-8, "f64 κ = 1e9");
        assertTrue(q.lastIterations() <= 7, "QDWH iterations " + q.lastIterations());
        Tensor g32 = withSpectrum(DType.F32, 50, 80, logSpaced(50, 1e-4, 1), 6);
        assertTrue(SpectralDiagnostics.polarError(new Qdwh(), g32) < 1e-3, "f32 κ = 1e4");
    }

    @Test
    void transposeConsistency() {
        for (String name : engines()) {
            Tensor g = gaussian(DType.F64, 9, 17, 11);
            PolarEngine e = Polar.engine(name);
            Tensor a = Tensor.zeros(DType.F64, 9, 17);
            e.polar(g, a);
            Tensor gt = g.t().copy();
            Tensor b = Tensor.zeros(DType.F64, 17, 9);
            e.polar(gt, b);
            assertTrue(SpectralDiagnostics.polarError(b, a.t().copy()) < 1e-10, name + ": polar(Gᵀ) = polar(G)ᵀ");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void edgeCasesGiveFiniteOutputOrAClearError(String name) {
        for (DType d : DType.values()) {
            PolarEngine e = Polar.engine(name);
            Tensor zero = Tensor.zeros(d, 6, 9);
            Tensor out = Tensor.zeros(d, 6, 9).fill(7);
            e.polar(zero, out);
            assertEquals(0.0, out.normInf(), name + ": polar(0) = 0");

            // Rank 1: finite; the polynomial engines keep the single direction u·vᵀ (scaled by
            // their scalar map); AOL rescales the rows, so Turbo-Muon keeps only the row space (v);
            // QDWH lifts the rounding-level singular values to 1 too (it returns an isometry, a
            // polar factor of the rounded matrix), so only its top direction is checked.
            Tensor u = gaussian(d, 6, 1, 1);
            Tensor v = gaussian(d, 1, 9, 2);
            Tensor r1 = Linalg.matmul(u, v);
            e.polar(r1, out);
            assertTrue(out.allFinite(), name + " rank 1 finite");
            Tensor o64 = out.to(DType.F64);
            Tensor vhat = v.to(DType.F64).scale(1 / v.norm());
            Tensor uhat = u.to(DType.F64).scale(1 / u.norm());
            Tensor ov = Linalg.matmul(o64, vhat.t());
            if (name.startsWith("turbo_muon")) {
                Tensor residual = o64.copy();
                Linalg.gemm(-1, ov, vhat, 1, residual);
                assertTrue(residual.norm() < 1e-3 * o64.norm(), name + " " + d + ": rank-1 output in the row space of v");
            } else if (name.equals("qdwh")) {
                assertTrue(Math.abs(uhat.dot(ov.reshape(6, 1)) - 1) < 1e-3, name + ": maps u·vᵀ's direction to 1");
            } else {
                Tensor exact = SpectralDiagnostics.exactPolar(r1);
                double cos = o64.dot(exact) / (o64.norm() * exact.norm());
                assertTrue(cos > 0.999, name + " " + d + ": rank-1 output along u·vᵀ, cos = " + cos);
            }

            Tensor g = gaussian(d, 6, 9, 3);
            for (double scale : new double[] {1e30, 1e-30}) {
                Tensor gs = g.copy().scale(scale);
                e.polar(gs, out);
                assertTrue(out.allFinite(), name + " " + d + " scaled by " + scale + " is finite");
            }
            if (name.equals("svd") || name.equals("qdwh")) {
                Tensor ref = Tensor.zeros(d, 6, 9);
                e.polar(g, ref);
                for (double scale : new double[] {1e30, 1e-30}) {
                    e.polar(g.copy().scale(scale), out);
                    double err = SpectralDiagnostics.polarError(out.to(DType.F64), ref.to(DType.F64));
                    assertTrue(err < (d == DType.F64 ? 1e-10 : 1e-4), name + " scale-invariant at " + scale + ": " + err);
                }
            }
            Tensor nan = g.copy();
            nan.set(Double.NaN, 2, 3);
            ArithmeticException ex = assertThrows(ArithmeticException.class, () -> e.polar(nan, Tensor.zeros(d, 6, 9)));
            assertTrue(ex.getMessage().startsWith(name + ": "), ex.getMessage());
            Tensor inf = g.copy();
            inf.set(Double.POSITIVE_INFINITY, 0, 0);
            assertThrows(ArithmeticException.class, () -> e.polar(inf, Tensor.zeros(d, 6, 9)));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void inPlaceEqualsOutOfPlace(String name) {
        Tensor g = gaussian(DType.F64, 10, 6, 23);
        Tensor out = Tensor.zeros(DType.F64, 10, 6);
        PolarEngine e = Polar.engine(name);
        e.polar(g, out);
        Tensor inPlace = g.copy();
        e.polar(inPlace, inPlace);
        assertTrue(SpectralDiagnostics.polarError(inPlace, out) < 1e-14, name);
    }

    /**
     * The engines allocate nothing of their own after the first call on a shape. Measured on the
     * Java backend: the native backend wraps the heap arrays of every BLAS call in FFM memory
     * segments (a few hundred bytes per call, whatever the size), which is the backend's, not the
     * engine's.
     */
    @Test
    @Tag("allocation") // run with -Xbatch and retried once, see SteadyStateAllocationTest
    void steadyStateCallsAllocateNothing() {
        Backend before = Backends.current();
        Backends.setCurrent(Backends.java());
        try {
            steadyState();
        } finally {
            Backends.setCurrent(before);
        }
    }

    private static void steadyState() {
        for (DType d : DType.values()) {
            for (int[] shape : new int[][] {{48, 80}, {80, 48}}) {
                for (String name : List.of("ns5", "muon_plus", "polar_express", "turbo_muon", "root", "svd")) {
                    PolarEngine e = Polar.engine(name);
                    Tensor g = gaussian(d, name.equals("svd") ? 12 : shape[0] / 2, shape[1] / 2, 31);
                    Tensor out = Tensor.zeros(d, g.rows(), g.cols());
                    long bytes = Allocations.steadyState(() -> e.polar(g, out), 600, 50, 8);
                    assertEquals(0, bytes, name + " " + d + " " + g.rows() + "x" + g.cols() + ": " + bytes
                            + " bytes in 50 calls");
                }
            }
        }
    }

    @Test
    void unknownEngineListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Polar.engine("ns7"));
        assertTrue(e.getMessage().contains("known: svd, qdwh, ns5"), e.getMessage());
    }
}
