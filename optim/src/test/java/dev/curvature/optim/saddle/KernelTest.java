package dev.curvature.optim.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The closed forms of the kernel table (Bodard &amp; Patrinos, §1.1 of the specification) and Example 3.4. */
class KernelTest {
    private static final double[] S = {0, 1e-9, 1e-5, 1e-3, 0.01, 0.3, 0.999, 1, 1.5, 7, 100, 1e6};

    /** h′, by the definition of each kernel (for |x| inside the domain). */
    private static double hPrime(Kernel k, double x) {
        return switch (k) {
            case QUADRATIC, CLIP -> x;
            case COSH -> Math.sinh(x);
            case EXP -> Math.signum(x) * (Math.exp(Math.abs(x)) - 1);
            case LOG -> Math.signum(x) * Math.abs(x) / (1 - Math.abs(x));
        };
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void conjugateDerivativeInvertsTheKernelDerivative(Kernel k) {
        for (double s : S) {
            double p = k.conjugateDerivative(s);
            if (k == Kernel.CLIP && s > 1) {
                // h*′ = projection onto [−1, 1]: the subdifferential of δ at ±1 absorbs the rest.
                assertEquals(1.0, p);
                continue;
            }
            // h′(p) = p/(1 − p) of the log kernel has condition number ~s near p = 1.
            assertEquals(s, hPrime(k, p), 1e-12 * Math.max(1, s) * Math.max(1, s), k + " s=" + s);
        }
    }

    /** h′ by central differences of h: h′(h*′(s)) = s inside h's smooth domain. */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void conjugateDerivativeInvertsTheFiniteDifferenceDerivative(Kernel k) {
        for (double s : new double[] {1e-3, 0.1, 0.7, 2, 9}) {
            if (k == Kernel.CLIP && s >= 1) {
                continue;
            }
            double t = k.conjugateDerivative(s);
            double e = 1e-6 * Math.max(1e-3, t);
            assertEquals(s, (k.h(t + e) - k.h(t - e)) / (2 * e), 1e-6 * Math.max(1, s), k + " s=" + s);
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void stationarityIsTheKernelAtTheConjugateDerivative(Kernel k) {
        for (double s : S) {
            double direct = k.h(k.conjugateDerivative(s));
            double closed = k.stationarity(s);
            // The direct composition loses digits where h is steep (log kernel near |x| = 1).
            assertEquals(direct, closed, 1e-12 * Math.max(1, s) * Math.abs(direct) + 1e-300, k + " s=" + s);
        }
    }

    @Test
    void stationarityClosedFormsOfTheTable() {
        double s = 0.7;
        assertEquals(s * s / 2, Kernel.QUADRATIC.stationarity(s), 1e-15);
        assertEquals(Math.sqrt(1 + s * s) - 1, Kernel.COSH.stationarity(s), 1e-15);
        assertEquals(s - Math.log(1 + s), Kernel.EXP.stationarity(s), 1e-15);
        assertEquals(Math.log(1 + s) - s / (1 + s), Kernel.LOG.stationarity(s), 1e-15);
        assertEquals(s * s / 2, Kernel.CLIP.stationarity(s), 1e-15);
        assertEquals(0.5, Kernel.CLIP.stationarity(3.0), 0);
        // Small s: the series s²/2 − s³/3 + s⁴/4 − s⁵/5 (exp), s²/2 − 2s³/3 + 3s⁴/4 − 4s⁵/5 (log),
        // s²/2 − s⁴/8 (cosh).
        double t = 1e-4;
        double t5 = t * t * t * t * t;
        assertEquals(t * t / 2 - t * t * t / 3 + t * t * t * t / 4 - t5 / 5, Kernel.EXP.stationarity(t), 1e-14 * t * t);
        assertEquals(t * t / 2 - 2 * t * t * t / 3 + 0.75 * t * t * t * t - 0.8 * t5, Kernel.LOG.stationarity(t),
                1e-14 * t * t);
        assertEquals(t * t / 2 - t * t * t * t / 8, Kernel.COSH.stationarity(t), 1e-14 * t * t);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void secondDerivativeMatchesFiniteDifferences(Kernel k) {
        for (double s : new double[] {0.05, 0.4, 2.5, 30}) {
            if (k == Kernel.CLIP && Math.abs(s - 1) < 0.1) {
                continue;
            }
            double h = 1e-5 * Math.max(1, s);
            double fd = (k.conjugateDerivative(s + h) - k.conjugateDerivative(s - h)) / (2 * h);
            assertEquals(fd, k.conjugateSecondDerivative(s), 1e-7 * Math.max(1, Math.abs(fd)), k + " s=" + s);
        }
    }

    /** h*′(s)/s without the division, and its limit 1 at s = 0 (with h*″(0) = 1: ∇²φ*(0) = I). */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void conjugateDerivativeRatio(Kernel k) {
        for (double s : new double[] {0.05, 0.5, 3, 1e6}) {
            assertEquals(k.conjugateDerivative(s) / s, k.conjugateDerivativeRatio(s), 1e-15, k + " ratio at " + s);
        }
        assertEquals(1, k.conjugateDerivativeRatio(0), 0);
        assertEquals(1, k.conjugateSecondDerivative(0), 0);
        assertEquals(1, k.conjugateDerivativeRatio(1e-300), 1e-15);
    }

    /** The table at s = 2 and λ = 2, the stationarity measure being h(h*′(s))/λ; the P-GD step factors. */
    @Test
    void tableAtSTwo() {
        double s = 2;
        double lambda = 2;
        assertEquals(Kernel.asinh(2), Kernel.COSH.conjugateDerivative(s), 0);
        assertEquals(Math.log(3), Kernel.EXP.conjugateDerivative(s), 1e-15);
        assertEquals(2.0 / 3, Kernel.LOG.conjugateDerivative(s), 1e-15);
        assertEquals(1, Kernel.CLIP.conjugateDerivative(s), 0);
        assertEquals((Math.sqrt(5) - 1) / 2, Kernel.COSH.stationarity(s) / lambda, 1e-15);
        assertEquals((2 - Math.log(3)) / 2, Kernel.EXP.stationarity(s) / lambda, 1e-15);
        assertEquals((Math.log(3) - 2.0 / 3) / 2, Kernel.LOG.stationarity(s) / lambda, 1e-15);
        assertEquals(0.25, Kernel.CLIP.stationarity(s) / lambda, 0);
        assertEquals(1, Kernel.QUADRATIC.stationarity(s) / lambda, 0);
        // ∇φ*(λg) = c·g with c = λ·h*′(λ‖g‖)/(λ‖g‖): clip with λ = 1/L̄ gives c = min(1/‖g‖, 1/L̄) (Thm 3.2).
        double lBar = 4;
        assertEquals(Math.min(1 / 10.0, 1 / lBar), Kernel.CLIP.conjugateDerivativeRatio(10 / lBar) / lBar, 1e-15);
        assertEquals(1 / lBar, Kernel.CLIP.conjugateDerivativeRatio(0.5 / lBar) / lBar, 1e-15);
        assertEquals(Kernel.asinh(3) / 3, Kernel.COSH.conjugateDerivativeRatio(3), 1e-15);
    }

    /** Small s without cancellation (≈ s²/2 for every kernel) and large s without overflow. */
    @Test
    void smallAndLargeArguments() {
        for (Kernel k : Kernel.values()) {
            double s = 1e-7;
            assertEquals(0.5 * s * s, k.stationarity(s), 1e-6 * 0.5 * s * s, k.toString());
        }
        assertEquals(Math.log(2e20), Kernel.asinh(1e20), 1e-12);
        assertEquals(0.881373587019543, Kernel.asinh(1), 1e-15);
        assertEquals(1e-20, Kernel.asinh(1e-20), 1e-35);
        assertEquals(Math.hypot(1, 1e200) - 1, Kernel.COSH.stationarity(1e200), 1e186);
    }

    @Test
    void asinhIsAccurateEverywhere() {
        for (double s : new double[] {0, 1e-300, 1e-10, 0.5, 3, 1e7, 1e9, 1e200, -2}) {
            double expected = s == 0 ? 0 : Math.signum(s) * Math.log(Math.abs(s) + Math.sqrt(s * s + 1));
            if (Math.abs(s) > 1e150) {
                expected = Math.log(Math.abs(s)) + Math.log(2);
            }
            if (Math.abs(s) < 1e-8) {
                expected = s;
            }
            assertEquals(expected, Kernel.asinh(s), 2e-16 * Math.max(1e-300, Math.abs(expected)) + 1e-320);
        }
    }

    @Test
    void parseNamesTheChoices() {
        assertEquals(Kernel.COSH, Kernel.parse("p_gd", "COSH"));
        assertEquals(Kernel.COSH, Kernel.parse("p_gd", "h1"));
        assertEquals(Kernel.EXP, Kernel.parse("p_gd", "EXP"));
        assertEquals(Kernel.LOG, Kernel.parse("p_gd", "h3"));
        assertEquals(Kernel.QUADRATIC, Kernel.parse("p_gd", "gd"));
        assertEquals(Kernel.CLIP, Kernel.parse("p_gd", " clip "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.parse("p_gd", "x"));
        assertEquals("p_gd: kernel = x is not one of quadratic, cosh, exp, log, clip, gd, h1, h2, h3", e.getMessage());
    }

    /**
     * Example 3.4: f(x) = x⁴/4 − x²/2 and φ = cosh(|·|) − 1 give ∇φ*(λf′(x)) = asinh(λ(x³ − x)) and
     * H_λ(x) = (3x² − 1)/√(1 + λ²(x³ − x)²), the derivative of x ↦ λ⁻¹·asinh(λf′(x)).
     */
    @Test
    void example34PreconditionedHessian() {
        for (double lambda : new double[] {0.3, 1, 4}) {
            Preconditioner p = new Preconditioner("test", Kernel.COSH, false, lambda);
            for (double x : new double[] {-1.7, -0.4, 0.2, 0.58, 1.3, 2.5}) {
                double fp = x * x * x - x;
                double fpp = 3 * x * x - 1;
                double closed = fpp / Math.sqrt(1 + lambda * lambda * fp * fp);
                // The preconditioner applied to λ^{-1}·…: ∇φ*(λ f′) = asinh(λ f′) sign-wise.
                Blocks g = Blocks.single(Tensor.vector(fp));
                p.apply(g);
                assertEquals(Kernel.asinh(lambda * fp), g.tensor(0).get(0), 1e-14);
                // H_λ = h*″(λ|f′|)·f″ in 1-D (the operator itself: diagnostics' PreconditionedHessianTest).
                assertEquals(closed, Kernel.COSH.conjugateSecondDerivative(lambda * Math.abs(fp)) * fpp,
                        1e-13 * Math.max(1, Math.abs(closed)));
                // Finite differences of x ↦ λ⁻¹·asinh(λ f′(x)).
                double h = 1e-5;
                double fd = (asinhOf(lambda, x + h) - asinhOf(lambda, x - h)) / (2 * h);
                assertEquals(closed, fd, 1e-7 * Math.max(1, Math.abs(closed)), "x=" + x + " lambda=" + lambda);
            }
        }
    }

    private static double asinhOf(double lambda, double x) {
        return Kernel.asinh(lambda * (x * x * x - x)) / lambda;
    }
}
