package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.problems.saddle.Quartic2d;
import dev.curvature.problems.saddle.QuarticWell;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * λ_max(∇²φ*(λ∇f)·∇²f) of the {@code preconditioned_smoothness} monitor against closed forms
 * (Bodard &amp; Patrinos, arXiv 2509.15817, Prop. 2.4 and Example 3.4).
 */
class PreconditionedSmoothnessTest {
    private static final Lanczos.Options OPTIONS = new Lanczos.Options(30, 8, 1e-12, 2000);

    /**
     * In one dimension D·H is the scalar h*″(λ|f′(x)|)·f″(x): for f = x⁴/4 − x²/2 and the cosh
     * kernel, (3x² − 1)/√(1 + λ²(x³ − x)²) (Example 3.4); for exp, (3x² − 1)/(1 + λ|x³ − x|); for
     * the quadratic kernel, f″(x) = 3x² − 1 itself.
     */
    @Test
    void quarticWellMatchesTheScalarClosedForm() {
        for (double lambda : new double[] {0.25, 1, 3}) {
            for (double x : new double[] {-2.5, -1, -0.4, 0, 0.7, 1.3, 4}) {
                QuarticWell f = new QuarticWell(x, 0, DType.F64);
                var p = f.initialPoint(RandomStream.of(0));
                double fp = x * x * x - x;
                double fpp = 3 * x * x - 1;
                double cosh = new PreconditionedSmoothness(OPTIONS, HessianOperator.Mode.EXACT, 0,
                        Kernel.COSH, lambda).lambdaMax(f, p, RandomStream.of(1));
                assertEquals(fpp / Math.sqrt(1 + lambda * lambda * fp * fp), cosh, 1e-13 * Math.max(1, Math.abs(fpp)),
                        "cosh x=" + x + " λ=" + lambda);
                double exp = new PreconditionedSmoothness(OPTIONS, HessianOperator.Mode.EXACT, 0,
                        Kernel.EXP, lambda).lambdaMax(f, p, RandomStream.of(1));
                assertEquals(fpp / (1 + lambda * Math.abs(fp)), exp, 1e-13 * Math.max(1, Math.abs(fpp)));
                double quad = new PreconditionedSmoothness(OPTIONS, HessianOperator.Mode.EXACT, 0,
                        Kernel.QUADRATIC, lambda).lambdaMax(f, p, RandomStream.of(1));
                assertEquals(fpp, quad, 1e-13 * Math.max(1, Math.abs(fpp)));
            }
        }
    }

    /**
     * On f = ¼x⁴ + ¼y⁴ − ½x²y² (Example 2.7) the 2×2 product D·H, D = a·ĝĝᵀ + b(I − ĝĝᵀ), has the
     * eigenvalues (tr ± √(tr² − 4 det))/2 of a non-symmetric matrix; on the line y = −x the gradient
     * is 0, D = I and λ_max = 4x², for every kernel.
     */
    @Test
    void quartic2dMatchesTheTwoByTwoClosedForm() {
        double lambda = 0.5;
        double[][] points = {{1, 0.5}, {-2, 0.3}, {0.7, 1.9}, {3, -2.5}};
        for (Kernel k : new Kernel[] {Kernel.COSH, Kernel.EXP, Kernel.LOG}) {
            PreconditionedSmoothness m = new PreconditionedSmoothness(OPTIONS, HessianOperator.Mode.EXACT, 0, k, lambda);
            for (double[] pt : points) {
                double x = pt[0];
                double y = pt[1];
                double d = x * x - y * y;
                double gx = x * d;
                double gy = -y * d;
                double gn = Math.hypot(gx, gy);
                double s = lambda * gn;
                double a = k.conjugateSecondDerivative(s);
                double b = k.conjugateDerivativeRatio(s);
                double ux = gx / gn;
                double uy = gy / gn;
                double[][] dm = {{b + (a - b) * ux * ux, (a - b) * ux * uy}, {(a - b) * ux * uy, b + (a - b) * uy * uy}};
                double[][] h = {{3 * x * x - y * y, -2 * x * y}, {-2 * x * y, 3 * y * y - x * x}};
                double p00 = dm[0][0] * h[0][0] + dm[0][1] * h[1][0];
                double p01 = dm[0][0] * h[0][1] + dm[0][1] * h[1][1];
                double p10 = dm[1][0] * h[0][0] + dm[1][1] * h[1][0];
                double p11 = dm[1][0] * h[0][1] + dm[1][1] * h[1][1];
                double tr = p00 + p11;
                double det = p00 * p11 - p01 * p10;
                double expected = (tr + Math.sqrt(tr * tr - 4 * det)) / 2;
                double got = m.lambdaMax(new Quartic2d(x, y, 0, DType.F64), Quartic2dPoint.of(x, y),
                        RandomStream.of(2));
                assertEquals(expected, got, 1e-12 * Math.max(1, Math.abs(expected)), k + " at (" + x + ", " + y + ")");
            }
            for (double t : new double[] {0.5, 2, 10, 100}) {
                double got = m.lambdaMax(new Quartic2d(t, -t, 0, DType.F64), Quartic2dPoint.of(t, -t),
                        RandomStream.of(3));
                assertEquals(4 * t * t, got, 1e-12 * 4 * t * t, k + " on y = −x at x = " + t);
            }
        }
    }

    @Test
    void monitorByNameInARun() {
        assertTrue(Registries.standard().monitors().names().contains("preconditioned_smoothness"));
        Monitor m = Registries.standard().monitors().get("preconditioned_smoothness")
                .create(Map.of("kernel", "cosh", "lambda", 2.0, "tol", 1e-12));
        QuarticWell f = new QuarticWell(2, 0, DType.F64);
        RunResult r = Run.on(f, Optimizers.gd(1e-2)).stop(StoppingRule.maxSteps(10)).monitor(m, 5).seed(1).run();
        double[] max = r.trajectory().get("lambda_max_preconditioned");
        double[] l = r.trajectory().get("anisotropic_l");
        double[] conv = r.trajectory().get("preconditioned_converged");
        int last = max.length - 1;
        double x = r.x().tensor(0).get(0);
        double fp = x * x * x - x;
        assertEquals((3 * x * x - 1) / Math.sqrt(1 + 4 * fp * fp), max[last], 1e-12);
        assertEquals(2 * max[last], l[last], 0);
        assertEquals(1, conv[last]);
        assertTrue(Double.isNaN(max[1]), "measured every 5 steps only");
        assertThrows(IllegalArgumentException.class, () -> Registries.standard().monitors().get("preconditioned_smoothness")
                .create(Map.of("kernel", "nope")));
        assertThrows(IllegalArgumentException.class, () -> Registries.standard().monitors().get("preconditioned_smoothness")
                .create(Map.of("lambda", 0.0)));
    }

    /** A point of the plane as the problems' one-block structure. */
    private static final class Quartic2dPoint {
        static dev.curvature.optim.Blocks of(double x, double y) {
            return dev.curvature.optim.Blocks.single(dev.curvature.core.Tensor.vector(x, y));
        }
    }
}
