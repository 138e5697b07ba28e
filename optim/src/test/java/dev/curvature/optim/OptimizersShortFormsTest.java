package dev.curvature.optim;

import static dev.curvature.optim.schedule.Schedules.constant;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.spectral.AdjustLr;
import dev.curvature.optim.spectral.SpectralOptimizers;
import dev.curvature.optim.testing.Stepper;
import dev.curvature.optim.testing.TestQuadratic;
import dev.curvature.optim.transform.Momentum;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The short factory forms build the optimizer of the long form with the hyperparameters their
 * Javadoc states (torch's defaults; Muon's README values), written out here by hand: 25 steps on a
 * quadratic with a vector, a matrix and a bias block give bitwise the same iterates. First steps are
 * also checked against closed forms.
 */
class OptimizersShortFormsTest {
    private static final int STEPS = 25;

    @Test
    void eachShortFormFollowsTheTrajectoryOfItsLongFormWithTheStatedDefaults() {
        assertSame("sgd(lr)", () -> Optimizers.sgd(0.1),
                () -> Optimizers.sgd(constant(0.1), constant(0), false, 0, constant(0)));
        assertSame("sgd(lr, momentum)", () -> Optimizers.sgd(0.05, 0.9),
                () -> Optimizers.sgd(constant(0.05), constant(0.9), false, 0, constant(0)));
        assertSame("adam", () -> Optimizers.adam(0.01),
                () -> Optimizers.adam(constant(0.01), 0.9, 0.999, 1e-8, constant(0)));
        assertSame("adamw(lr)", () -> Optimizers.adamw(0.01),
                () -> Optimizers.adamw(constant(0.01), 0.9, 0.999, 1e-8, constant(0.01)));
        assertSame("adamw(lr, wd)", () -> Optimizers.adamw(0.01, 0.1),
                () -> Optimizers.adamw(constant(0.01), 0.9, 0.999, 1e-8, constant(0.1)));
        assertSame("adagrad", () -> Optimizers.adagrad(0.1),
                () -> Optimizers.adagrad(constant(0.1), 0, 1e-10, constant(0)));
        assertSame("adagrad_norm", () -> Optimizers.adagradNorm(0.5),
                () -> Optimizers.adagradNorm(constant(0.5), 0.01));
        assertSame("rmsprop", () -> Optimizers.rmsprop(0.01),
                () -> Optimizers.rmsprop(constant(0.01), 0.99, 1e-8, constant(0), false, constant(0)));
        assertSame("lion", () -> Optimizers.lion(0.01),
                () -> Optimizers.lion(constant(0.01), 0.9, 0.99, constant(0)));
        assertSame("sign_sgd", () -> Optimizers.signSgd(0.01),
                () -> Optimizers.signSgd(constant(0.01), constant(0)));
        assertSame("normalized_gd", () -> Optimizers.normalizedGd(0.1),
                () -> Optimizers.normalizedGd(constant(0.1)));
        assertSame("muon", () -> Optimizers.muon(0.02),
                () -> SpectralOptimizers.withAuxiliary(
                        SpectralOptimizers.muonMatrix(constant(0.02), constant(0.95), true, Momentum.Convention.EMA,
                                "ns5", 5, AdjustLr.MUON, constant(0)),
                        List.of(Label.HIDDEN, Label.MATRIX),
                        Optimizers.adamw(constant(3e-4), 0.9, 0.95, 1e-8, constant(0.01))));
    }

    @Test
    void adamsFirstStepIsMinusLrTimesTheGradientsSign() {
        // Step 1: m̂ = g, v̂ = g², so u = −η·g/(|g| + ε).
        double lr = 0.01;
        double[] x0 = flat(new TestQuadratic(DType.F64).initialPoint(null));
        double[] g = new double[x0.length];
        TestQuadratic.gradient(x0, g);
        Stepper s = new Stepper(new TestQuadratic(DType.F64), Optimizers.adam(lr), DType.F64);
        s.step();
        double[] x1 = flat(s.x);
        for (int k = 0; k < x0.length; k++) {
            assertEquals(x0[k] - lr * g[k] / (Math.abs(g[k]) + 1e-8), x1[k], 1e-15, "element " + k);
        }
    }

    @Test
    void adamwsFirstStepAddsTheDecoupledDecay() {
        // u = −η(g/(|g| + ε) + λx): the README's and Run's example optimizer.
        double lr = 1e-3;
        double wd = 0.01;
        double[] x0 = flat(new TestQuadratic(DType.F64).initialPoint(null));
        double[] g = new double[x0.length];
        TestQuadratic.gradient(x0, g);
        Stepper s = new Stepper(new TestQuadratic(DType.F64), Optimizers.adamw(lr, wd), DType.F64);
        s.step();
        double[] x1 = flat(s.x);
        for (int k = 0; k < x0.length; k++) {
            assertEquals(x0[k] - lr * (g[k] / (Math.abs(g[k]) + 1e-8) + wd * x0[k]), x1[k], 1e-15, "element " + k);
        }
    }

    @Test
    void heavyBallSgdTakesTorchsBufferOnTheSecondStep() {
        // b₁ = g₀, x₁ = x₀ − η·g₀; b₂ = μ·g₀ + g₁, x₂ = x₁ − η·b₂.
        double lr = 0.05;
        double mu = 0.9;
        double[] x0 = flat(new TestQuadratic(DType.F64).initialPoint(null));
        double[] g0 = new double[x0.length];
        double[] g1 = new double[x0.length];
        double[] x1 = new double[x0.length];
        TestQuadratic.gradient(x0, g0);
        for (int k = 0; k < x0.length; k++) {
            x1[k] = x0[k] - lr * g0[k];
        }
        TestQuadratic.gradient(x1, g1);
        Stepper s = new Stepper(new TestQuadratic(DType.F64), Optimizers.sgd(lr, mu), DType.F64);
        s.steps(2);
        double[] x2 = flat(s.x);
        for (int k = 0; k < x0.length; k++) {
            assertEquals(x1[k] - lr * (mu * g0[k] + g1[k]), x2[k], 1e-15, "element " + k);
        }
    }

    @Test
    void runsJavadocExampleCompilesAndConverges() {
        RunResult r = Run.on(new TestQuadratic(DType.F64), Optimizers.adamw(1e-3, 0.01))
                .stop(StoppingRule.maxSteps(1000), StoppingRule.gradNorm(1e-6))
                .seed(7).run();
        assertEquals(1000, r.steps());
        assertTrue(r.loss() < new TestQuadratic(DType.F64).value(new TestQuadratic(DType.F64).initialPoint(null)),
                "loss " + r.loss());
    }

    @Test
    void aShortFormChecksItsArgumentLikeASpecDoes() {
        HyperparameterException e = assertThrows(HyperparameterException.class, () -> Optimizers.adam(-1));
        assertTrue(e.getMessage().contains("adam") && e.getMessage().contains("lr"), e.getMessage());
    }

    private static void assertSame(String what, Supplier<Transform> shortForm, Supplier<Transform> longForm) {
        Stepper a = new Stepper(new TestQuadratic(DType.F64), shortForm.get(), DType.F64);
        Stepper b = new Stepper(new TestQuadratic(DType.F64), longForm.get(), DType.F64);
        for (int t = 0; t < STEPS; t++) {
            a.step();
            b.step();
            assertArrayEquals(flat(b.x), flat(a.x), 0.0, what + " at step " + t);
        }
        assertTrue(!java.util.Arrays.equals(flat(a.x), flat(new TestQuadratic(DType.F64).initialPoint(null))),
                what + " moved");
    }

    private static double[] flat(Blocks x) {
        double[] out = new double[(int) x.size()];
        int k = 0;
        for (int i = 0; i < x.count(); i++) {
            for (int j = 0, n = x.tensor(i).size(); j < n; j++) {
                out[k++] = x.tensor(i).getFlat(j);
            }
        }
        return out;
    }
}
