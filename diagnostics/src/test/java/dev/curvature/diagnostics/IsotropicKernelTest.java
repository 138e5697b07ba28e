package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kernel table: conjugate pairs, derivatives, the stationarity measure and its small-s forms. */
class IsotropicKernelTest {

    /** h′(t) by central differences. */
    private static double hPrime(IsotropicKernel k, double t) {
        double e = 1e-6 * Math.max(1e-3, t);
        return (k.h(t + e) - k.h(t - e)) / (2 * e);
    }

    @ParameterizedTest
    @EnumSource(IsotropicKernel.class)
    void dualDerivativeInvertsThePrimalDerivative(IsotropicKernel k) {
        // (h*)′ = (h′)⁻¹: h′(h*′(s)) = s wherever h*′(s) lies inside h's smooth domain.
        for (double s : new double[] {1e-3, 0.1, 0.7, 2, 9}) {
            double t = k.dualDerivative(s);
            if (k == IsotropicKernel.CLIP && s >= 1) {
                continue;
            }
            assertEquals(s, hPrime(k, t), 1e-6 * Math.max(1, s), k + " s=" + s);
        }
    }

    @ParameterizedTest
    @EnumSource(IsotropicKernel.class)
    void stationarityIsHOfTheDualDerivative(IsotropicKernel k) {
        for (double lambda : new double[] {0.5, 1, 3}) {
            // h(h*′(s)) itself cancels for small s (e^t − t − 1), so the check starts at 1e-3.
            for (double s : new double[] {0, 1e-3, 0.05, 0.3, 1, 4, 50}) {
                double expected = k.h(k.dualDerivative(s)) / lambda;
                assertEquals(expected, k.stationarity(s, lambda), 1e-10 * Math.abs(expected) + 1e-300,
                        k + " s=" + s + " lambda=" + lambda);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IsotropicKernel.class)
    void secondDerivativeAndRatio(IsotropicKernel k) {
        for (double s : new double[] {0.05, 0.5, 3}) {
            if (k == IsotropicKernel.CLIP && Math.abs(s - 1) < 0.1) {
                continue;
            }
            double e = 1e-6;
            double fd = (k.dualDerivative(s + e) - k.dualDerivative(s - e)) / (2 * e);
            assertEquals(fd, k.dualSecondDerivative(s), 1e-8, k + " h*'' at " + s);
            assertEquals(k.dualDerivative(s) / s, k.dualDerivativeRatio(s), 1e-15, k + " ratio at " + s);
        }
        assertEquals(1, k.dualDerivativeRatio(0), 0);
        assertEquals(1, k.dualSecondDerivative(0), 0);
        assertEquals(1, k.dualDerivativeRatio(1e-300), 1e-15);
    }

    @Test
    void smallAndLargeArgumentsAreAccurate() {
        // Stationarity ≈ s²/(2λ) for small s, for every kernel, without cancellation.
        for (IsotropicKernel k : IsotropicKernel.values()) {
            double s = 1e-7;
            assertEquals(0.5 * s * s, k.stationarity(s, 1), 1e-6 * 0.5 * s * s, k.toString());
        }
        assertEquals(Math.log(2e20), IsotropicKernel.asinh(1e20), 1e-12);
        assertEquals(0.881373587019543, IsotropicKernel.asinh(1), 1e-15);
        assertEquals(1e-20, IsotropicKernel.asinh(1e-20), 1e-35);
        assertEquals(Math.hypot(1, 1e200) - 1, IsotropicKernel.COSH.stationarity(1e200, 1), 1e186);
    }

    @Test
    void table() {
        double s = 2;
        assertEquals(IsotropicKernel.asinh(2), IsotropicKernel.COSH.dualDerivative(s), 0);
        assertEquals(Math.log(3), IsotropicKernel.EXP.dualDerivative(s), 1e-15);
        assertEquals(2.0 / 3, IsotropicKernel.LOG.dualDerivative(s), 1e-15);
        assertEquals(1, IsotropicKernel.CLIP.dualDerivative(s), 0);
        assertEquals((Math.sqrt(5) - 1) / 2, IsotropicKernel.COSH.stationarity(s, 2), 1e-15);
        assertEquals((2 - Math.log(3)) / 2, IsotropicKernel.EXP.stationarity(s, 2), 1e-15);
        assertEquals((Math.log(3) - 2.0 / 3) / 2, IsotropicKernel.LOG.stationarity(s, 2), 1e-15);
        assertEquals(0.25, IsotropicKernel.CLIP.stationarity(s, 2), 0);
        assertEquals(1, IsotropicKernel.QUADRATIC.stationarity(s, 2), 0);
        // The P-GD step factor: clip with λ = 1/L̄ is min(1/‖g‖, 1/L̄) (spec §1.1, Thm 3.2).
        double lBar = 4;
        assertEquals(Math.min(1 / 10.0, 1 / lBar), IsotropicKernel.CLIP.gradientScale(10, 1 / lBar), 1e-15);
        assertEquals(1 / lBar, IsotropicKernel.CLIP.gradientScale(0.5, 1 / lBar), 1e-15);
        assertEquals(IsotropicKernel.asinh(3) / 3, IsotropicKernel.COSH.gradientScale(3, 1), 1e-15);
    }

    @Test
    void names() {
        assertEquals(IsotropicKernel.COSH, IsotropicKernel.of("h1"));
        assertEquals(IsotropicKernel.EXP, IsotropicKernel.of("EXP"));
        assertEquals(IsotropicKernel.LOG, IsotropicKernel.of("h3"));
        assertEquals(IsotropicKernel.CLIP, IsotropicKernel.of(" clip "));
        assertThrows(IllegalArgumentException.class, () -> IsotropicKernel.of("tanh"));
    }
}
