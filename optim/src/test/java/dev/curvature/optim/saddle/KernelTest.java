package dev.curvature.optim.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.core.random.RandomStream;
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.parse("p_gd", "x"));
        assertEquals("p_gd: kernel = x is not one of quadratic, cosh, exp, log, clip", e.getMessage());
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
                // H_λ = ∇²φ*(λf′)·f″ with the isotropic formula (1-D: h*″(λ|f′|)).
                Blocks v = Blocks.single(Tensor.vector(fpp));
                Blocks out = Blocks.single(Tensor.vector(0));
                p.conjugateHessianTimes(Blocks.single(Tensor.vector(fp)), v, out);
                assertEquals(closed, out.tensor(0).get(0), 1e-13 * Math.max(1, Math.abs(closed)));
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

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void conjugateHessianTimesMatchesFiniteDifferencesOfThePreconditioner(Kernel k) {
        RandomStream rng = RandomStream.of(3);
        for (boolean separable : new boolean[] {false, true}) {
            for (double lambda : new double[] {0.5, 2}) {
                Preconditioner p = new Preconditioner("test", k, separable, lambda);
                Tensor g = rng.fillNormal(Tensor.zeros(dev.curvature.core.DType.F64, 6), 0, 1.3);
                Tensor v = rng.fillNormal(Tensor.zeros(dev.curvature.core.DType.F64, 6), 0, 1);
                if (k == Kernel.CLIP) {
                    // Keep away from the kink λ|y| = 1 of the projection.
                    g.scale(separable ? 0.05 / lambda : 0.3 / (lambda * g.norm()));
                }
                Blocks out = Blocks.single(Tensor.zeros(dev.curvature.core.DType.F64, 6));
                p.conjugateHessianTimes(Blocks.single(g), Blocks.single(v), out);
                // d/dt ∇φ*(λ(g + t·v/λ)) at t = 0 = ∇²φ*(λg)·v.
                double h = 1e-6;
                Blocks plus = Blocks.single(g.copy().addScaled(h / lambda, v));
                Blocks minus = Blocks.single(g.copy().addScaled(-h / lambda, v));
                p.apply(plus);
                p.apply(minus);
                Tensor fd = plus.tensor(0).copy().sub(minus.tensor(0)).scale(1 / (2 * h));
                double err = fd.copy().sub(out.tensor(0)).norm();
                assertTrue(err <= 1e-7 * Math.max(1, out.tensor(0).norm()), k + " separable=" + separable + ": " + err);
            }
        }
    }
}
