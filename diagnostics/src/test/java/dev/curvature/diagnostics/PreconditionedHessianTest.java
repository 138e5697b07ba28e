package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.optim.saddle.Preconditioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The left factor P = ∇²φ*(λ∇f) of H_λ and its square root, against closed forms and finite differences. */
class PreconditionedHessianTest {

    /**
     * Example 3.4 of Bodard &amp; Patrinos: f(x) = x⁴/4 − x²/2 and φ = cosh(|·|) − 1 give
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
                // H_λ = ∇²φ*(λf′)·f″ with the isotropic formula (1-D: h*″(λ|f′|)).
                PreconditionedHessian op = new PreconditionedHessian().bind(null, Blocks.single(Tensor.vector(fp)), p);
                Blocks out = Blocks.single(Tensor.vector(0));
                op.applyP(Blocks.single(Tensor.vector(fpp)), out);
                assertEquals(closed, out.tensor(0).get(0), 1e-13 * Math.max(1, Math.abs(closed)));
                // The symmetric form P^{1/2}·f″·P^{1/2} has the same value in 1-D.
                PreconditionedHessian sym = new PreconditionedHessian().bind((v, o) -> o.assign(v).scale(fpp),
                        Blocks.single(Tensor.vector(fp)), p);
                sym.apply(Blocks.single(Tensor.vector(1)), out);
                assertEquals(closed, out.tensor(0).get(0), 1e-13 * Math.max(1, Math.abs(closed)));
            }
        }
    }

    /** P·v = d/dt ∇φ*(λ(g + t·v/λ)) at t = 0, by central differences of the P-GD map, isotropic and separable. */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void applyPMatchesFiniteDifferencesOfThePreconditioner(Kernel k) {
        RandomStream rng = RandomStream.of(3);
        for (boolean separable : new boolean[] {false, true}) {
            for (double lambda : new double[] {0.5, 2}) {
                Preconditioner p = new Preconditioner("test", k, separable, lambda);
                Tensor g = rng.fillNormal(Tensor.zeros(DType.F64, 6), 0, 1.3);
                Tensor v = rng.fillNormal(Tensor.zeros(DType.F64, 6), 0, 1);
                if (k == Kernel.CLIP) {
                    // Keep away from the kink λ|y| = 1 of the projection.
                    g.scale(separable ? 0.05 / lambda : 0.3 / (lambda * g.norm()));
                }
                PreconditionedHessian op = new PreconditionedHessian().bind(null, Blocks.single(g), p);
                Blocks out = Blocks.single(Tensor.zeros(DType.F64, 6));
                op.applyP(Blocks.single(v), out);
                double h = 1e-6;
                Blocks plus = Blocks.single(g.copy().addScaled(h / lambda, v));
                Blocks minus = Blocks.single(g.copy().addScaled(-h / lambda, v));
                p.apply(plus);
                p.apply(minus);
                Tensor fd = plus.tensor(0).copy().sub(minus.tensor(0)).scale(1 / (2 * h));
                double err = fd.copy().sub(out.tensor(0)).norm();
                assertTrue(err <= 1e-7 * Math.max(1, out.tensor(0).norm()), k + " separable=" + separable + ": " + err);
                // P^{1/2}·P^{1/2}·v = P·v.
                Blocks root = Blocks.single(Tensor.zeros(DType.F64, 6));
                op.applySqrtP(Blocks.single(v), root);
                op.applySqrtP(root, root);
                double rerr = root.tensor(0).copy().sub(out.tensor(0)).norm();
                assertTrue(rerr <= 1e-14 * Math.max(1, out.tensor(0).norm()), k + " separable=" + separable + ": " + rerr);
            }
        }
    }
}
