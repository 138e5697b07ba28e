package dev.curvature.problems;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;

/**
 * Finite-difference checks of a problem's gradient and Hessian-vector product in float64: central
 * differences with one Richardson extrapolation (error O(h⁴)), compared in relative error.
 */
public final class FiniteDifferences {
    /** The tolerance on relative errors. */
    public static final double TOL = 1e-6;

    private FiniteDifferences() {}

    /** x + t·v as new blocks. */
    private static Blocks shifted(Blocks x, Blocks v, double t) {
        return x.copy().addScaled(t, v);
    }

    private static double step(Blocks x, Blocks v) {
        return 1e-3 * Math.max(1, x.norm()) / v.norm();
    }

    /**
     * Checks ∇f(x) against central differences of f: every coordinate when x has at most
     * {@code maxCoordinates} elements, and three random directional derivatives always.
     */
    public static void checkGradient(Problem p, Blocks x, RandomStream rng, int maxCoordinates) {
        Blocks g = x.zerosLike();
        double f0 = p.valueAndGradient(x, g);
        assertTrue(Double.isFinite(f0), p.name() + ": f(x) = " + f0);
        double gn = g.norm();
        if (x.size() <= maxCoordinates) {
            Blocks fd = x.zerosLike();
            Blocks e = x.zerosLike();
            for (int b = 0; b < x.count(); b++) {
                Tensor t = e.tensor(b);
                for (int i = 0; i < t.size(); i++) {
                    t.setFlat(i, 1);
                    fd.tensor(b).setFlat(i, directional(p, x, e));
                    t.setFlat(i, 0);
                }
            }
            double err = fd.copy().addScaled(-1, g).norm();
            assertTrue(err <= TOL * Math.max(gn, 1e-8), p.name() + ": gradient relative error " + err / gn
                    + " (‖∇f‖ = " + gn + ")");
        }
        for (int k = 0; k < 3; k++) {
            Blocks v = random(x, rng);
            double fd = directional(p, x, v);
            double exact = g.dot(v);
            double err = Math.abs(fd - exact);
            assertTrue(err <= TOL * Math.max(gn * v.norm(), 1e-8), p.name() + ": directional derivative " + fd
                    + " vs ⟨∇f, v⟩ = " + exact);
        }
    }

    /** Checks ∇²f(x)·v against central differences of ∇f along three random directions v. */
    public static void checkHvp(Problem p, Blocks x, RandomStream rng) {
        assertTrue(p.hasHessianVectorProduct(), p.name() + " has an HVP");
        for (int k = 0; k < 3; k++) {
            Blocks v = random(x, rng);
            Blocks hv = x.zerosLike();
            p.hessianVectorProduct(x, v, hv);
            double h = step(x, v);
            Blocks d1 = gradDiff(p, x, v, h);
            Blocks d2 = gradDiff(p, x, v, h / 2);
            Blocks fd = d2.scale(4).addScaled(-1, d1).scale(1.0 / 3);
            double err = fd.copy().addScaled(-1, hv).norm();
            double scale = Math.max(hv.norm(), 1e-8);
            assertTrue(err <= TOL * scale, p.name() + ": HVP relative error " + err / scale + " (‖Hv‖ = "
                    + hv.norm() + ")");
        }
    }

    private static double directional(Problem p, Blocks x, Blocks v) {
        double h = step(x, v);
        double d1 = (p.value(shifted(x, v, h)) - p.value(shifted(x, v, -h))) / (2 * h);
        double d2 = (p.value(shifted(x, v, h / 2)) - p.value(shifted(x, v, -h / 2))) / h;
        return (4 * d2 - d1) / 3;
    }

    private static Blocks gradDiff(Problem p, Blocks x, Blocks v, double h) {
        Blocks gp = x.zerosLike();
        Blocks gm = x.zerosLike();
        p.valueAndGradient(shifted(x, v, h), gp);
        p.valueAndGradient(shifted(x, v, -h), gm);
        return gp.addScaled(-1, gm).scale(1 / (2 * h));
    }

    /** A standard normal direction with the structure of x. */
    public static Blocks random(Blocks x, RandomStream rng) {
        Blocks v = x.zerosLike();
        for (int b = 0; b < v.count(); b++) {
            rng.fillNormal(v.tensor(b), 0, 1);
        }
        return v;
    }
}
