package dev.curvature.problems.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Registries;
import dev.curvature.problems.FiniteDifferences;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extremal (H0,H1)-smooth function against closed forms at a point chosen so that every term is
 * a rational number, and against finite differences elsewhere.
 */
class CoshExtremalTest {

    private static Blocks at(double w) {
        Tensor t = Tensor.zeros(DType.F64, 1);
        t.set(w, 0);
        return Blocks.single("w", t);
    }

    private static double hessian(Problem p, double w) {
        Blocks out = at(0);
        p.hessianVectorProduct(at(w), at(1), out);
        return out.tensor(0).get(0);
    }

    /**
     * H0 = 2, H1 = 4, w = ln(2)/2: √H1·w = ln 2, cosh = 5/4, sinh = 3/4, so f = (2/4)·(1/4) = 1/8,
     * f′ = (2/2)·(3/4) = 3/4 and f″ = 2·(5/4) = 5/2.
     */
    @Test
    void valueGradientAndHessianMatchTheClosedFormAtARationalPoint() {
        CoshExtremal p = new CoshExtremal(2, 4, 1, DType.F64);
        double w = Math.log(2) / 2;
        Blocks g = at(0);
        assertEquals(0.125, p.valueAndGradient(at(w), g), 1e-15);
        assertEquals(0.125, p.value(at(w)), 1e-15);
        assertEquals(0.75, g.tensor(0).get(0), 1e-15);
        assertEquals(2.5, hessian(p, w), 1e-14);
        assertEquals(-0.75, gradientAt(p, -w), 1e-15, "f′ is odd");
        assertEquals(0.0, p.value(at(0)), 0.0, "f* = 0 at w = 0");
        assertEquals(2.0, hessian(p, 0), 0.0, "f″(0) = H0");
    }

    private static double gradientAt(Problem p, double w) {
        Blocks g = at(0);
        p.valueAndGradient(at(w), g);
        return g.tensor(0).get(0);
    }

    /** The definition's bound holds with equality: f″(w) = H0 + H1·f(w) wherever w is. */
    @Test
    void curvatureEqualsH0PlusH1TimesTheLossEverywhere() {
        double h0 = 0.3;
        double h1 = 7.0;
        CoshExtremal p = new CoshExtremal(h0, h1, 5, DType.F64);
        for (double w : new double[] {-1.5, -0.2, 0, 0.01, 0.4, 1.1}) {
            double bound = h0 + h1 * p.value(at(w));
            assertEquals(bound, hessian(p, w), 1e-13 * bound, "w = " + w);
        }
    }

    /** w₀ = arccosh(1 + H1·f₀/H0)/√H1 gives f(w₀) = f₀, for several f₀. */
    @Test
    void theStartHasTheRequestedLoss() {
        for (double f0 : new double[] {0, 0.5, 10, 1e4}) {
            CoshExtremal p = new CoshExtremal(1.5, 0.25, f0, DType.F64);
            Blocks x0 = p.initialPoint(RandomStream.of(3));
            assertEquals(p.start(), x0.tensor(0).get(0), 0.0);
            assertEquals(f0, p.value(x0), 1e-12 * Math.max(1, f0), "f0 = " + f0);
        }
        // H0 = H1 = 1, f₀ = cosh(1) − 1: the start is exactly w₀ = 1.
        assertEquals(1.0, new CoshExtremal(1, 1, Math.cosh(1) - 1, DType.F64).start(), 1e-15);
    }

    @Test
    void gradientAndHessianVectorProductAgreeWithFiniteDifferences() {
        RandomStream rng = RandomStream.of(11);
        CoshExtremal p = new CoshExtremal(0.7, 2.5, 3, DType.F64);
        for (double w : new double[] {-1.3, -0.05, 0.6, 1.7}) {
            FiniteDifferences.checkGradient(p, at(w), rng, 1);
            FiniteDifferences.checkHvp(p, at(w), rng);
        }
    }

    @Test
    void theRegisteredProblemUsesTheDocumentedDefaultsAndSpecValues() {
        var component = Registries.standard().problems().get("cosh_extremal");
        Problem defaults = component.create();
        // H0 = H1 = 1, f₀ = 10: f(w₀) = 10 and f″(w₀) = 1 + 10.
        Blocks x0 = defaults.initialPoint(RandomStream.of(1));
        assertEquals(10.0, defaults.value(x0), 1e-12);
        assertEquals(11.0, hessian(defaults, x0.tensor(0).get(0)), 1e-11);
        assertEquals(DType.F64, x0.tensor(0).dtype());
        Problem set = component.create(Map.of("h0", 2.0, "h1", 4.0, "f0", 0.125));
        assertEquals(Math.log(2) / 2, set.initialPoint(RandomStream.of(1)).tensor(0).get(0), 1e-15);
    }
}
