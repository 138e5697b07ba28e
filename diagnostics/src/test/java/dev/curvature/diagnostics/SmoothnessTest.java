package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.problems.classic.Quadratic;
import org.junit.jupiter.api.Test;

/** Secant smoothness estimates and the (L0, L1) and (H0, H1) fits. */
class SmoothnessTest {

    @Test
    void fitRecoversAnExactLine() {
        double[] t = new double[11];
        double[] c = new double[11];
        for (int i = 0; i < t.length; i++) {
            t[i] = 0.5 * i;
            c[i] = 3 + 2 * t[i];
        }
        SmoothnessFit f = SmoothnessFit.fit(t, c);
        assertEquals(3, f.intercept(), 1e-13);
        assertEquals(2, f.slope(), 1e-13);
        assertEquals(1, f.r2(), 1e-15);
        assertEquals(11, f.points());
        assertEquals(3, f.envelopeIntercept(), 1e-13);
    }

    /** f(w) = (H0/H1)(cosh(√H1·w) − 1) has f″ = H0 + H1·f exactly (spec §2.1): the fit recovers (H0, H1). */
    @Test
    void h0h1FromTheExtremalFunction() {
        double h0 = 2.5;
        double h1 = 0.7;
        int n = 200;
        double[] gap = new double[n];
        double[] curvature = new double[n];
        for (int i = 0; i < n; i++) {
            double w = -4 + 8.0 * i / (n - 1);
            gap[i] = h0 / h1 * (Math.cosh(Math.sqrt(h1) * w) - 1);
            curvature[i] = h0 * Math.cosh(Math.sqrt(h1) * w);
        }
        SmoothnessFit f = SmoothnessFit.h0h1(gap, curvature);
        assertEquals(h0, f.intercept(), 1e-10);
        assertEquals(h1, f.slope(), 1e-12);
        assertEquals(1, f.r2(), 1e-14);
        assertEquals(n, f.points());
    }

    /** f(x) = (L0/L1²)(e^{L1·x} − L1·x) on x ≥ 0 has f″ = L0 + L1·|f′| exactly. */
    @Test
    void l0l1FromAnExponential() {
        double l0 = 4;
        double l1 = 1.5;
        int n = 100;
        double[] gradNorm = new double[n];
        double[] curvature = new double[n];
        for (int i = 0; i < n; i++) {
            double x = 3.0 * i / n;
            gradNorm[i] = Math.abs(l0 / l1 * Math.expm1(l1 * x));
            curvature[i] = l0 * Math.exp(l1 * x);
        }
        SmoothnessFit f = SmoothnessFit.l0l1(gradNorm, curvature);
        assertEquals(l0, f.intercept(), 1e-11);
        assertEquals(l1, f.slope(), 1e-12);
        assertEquals(1, f.r2(), 1e-14);
    }

    @Test
    void noisyDataSkipsNonFinitePairsAndBoundsEveryPoint() {
        RandomStream rng = RandomStream.of(3);
        int n = 500;
        double[] t = new double[n + 2];
        double[] c = new double[n + 2];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextDouble() * 10;
            c[i] = 1 + 0.5 * t[i] + 0.3 * rng.nextGaussian();
        }
        t[n] = Double.NaN;
        c[n] = 1;
        t[n + 1] = 1;
        c[n + 1] = Double.POSITIVE_INFINITY;
        SmoothnessFit f = SmoothnessFit.fit(t, c);
        assertEquals(n, f.points());
        assertEquals(0.5, f.slope(), 0.02);
        assertEquals(1, f.intercept(), 0.1);
        assertTrue(f.r2() > 0.8 && f.r2() < 1);
        for (int i = 0; i < n; i++) {
            assertTrue(c[i] <= f.envelopeIntercept() + f.slope() * t[i] + 1e-12);
        }
        assertTrue(Double.isNaN(SmoothnessFit.fit(new double[] {1}, new double[] {2}).slope()));
        assertTrue(Double.isNaN(SmoothnessFit.fit(new double[] {1, 1}, new double[] {2, 3}).slope()));
    }

    /** For f = ½(x − x*)ᵀA(x − x*) the secant is ‖A·s‖/‖s‖, the curvature along the step s. */
    @Test
    void secantEqualsTheCurvatureAlongTheStepOnAQuadratic() {
        int n = 40;
        Quadratic q = new Quadratic(n, 1, 50, 1, 8, DType.F64);
        Tensor a = q.hessian();
        RandomStream rng = RandomStream.of(2);
        SecantSmoothness monitor = new SecantSmoothness();
        Blocks x = q.initialPoint(rng);
        assertTrue(Double.isNaN(monitor.update(q, x, 0)), "no previous point");
        for (int k = 1; k <= 5; k++) {
            Blocks next = x.copy();
            Tensor s = rng.fillNormal(Tensor.zeros(DType.F64, n), 0, 0.1);
            next.tensor(0).add(s);
            Tensor as = Tensor.zeros(DType.F64, n);
            Linalg.gemv(1, a, s, 0, as);
            double expected = as.norm() / s.norm();
            assertEquals(expected, monitor.update(q, next, k), 1e-11 * expected);
            x = next;
        }
        // Along an eigenvector the secant is the eigenvalue: the largest, L = 50.
        var e = Linalg.eigh(a);
        Blocks along = x.copy();
        along.tensor(0).addScaled(0.3, e.vectors().col(n - 1));
        assertEquals(50, monitor.update(q, along, 6), 1e-9);
        assertTrue(Double.isNaN(monitor.update(q, along, 7)), "a repeated point");
        assertTrue(Double.isNaN(monitor.update(q, x, 0)), "an earlier step starts a new run");
    }

    @Test
    void secantMonitorInARunStaysWithinTheSpectrum() {
        Quadratic q = new Quadratic(20, 1, 10, 1, 5, DType.F64);
        RunResult r = Run.on(q, Optimizers.gd(0.05)).stop(StoppingRule.maxSteps(30))
                .monitor(new SecantSmoothness(), 1).seed(1).run();
        double[] l = r.trajectory().get(SecantSmoothness.COLUMN);
        assertTrue(Double.isNaN(l[0]));
        for (int i = 1; i < l.length; i++) {
            assertTrue(l[i] >= 1 - 1e-9 && l[i] <= 10 + 1e-9, "L̂ = " + l[i]);
        }
        // Fitting the run's own trajectory: the column names line up.
        SmoothnessFit f = SmoothnessFit.l0l1(r.trajectory(), SecantSmoothness.COLUMN);
        assertEquals(l.length - 1, f.points());
        SmoothnessFit g = SmoothnessFit.h0h1(r.trajectory(), SecantSmoothness.COLUMN, 0);
        assertEquals(l.length - 1, g.points());
    }
}
