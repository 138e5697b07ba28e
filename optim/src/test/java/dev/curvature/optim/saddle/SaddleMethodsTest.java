package dev.curvature.optim.saddle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.contract.OptimizerTable;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import dev.curvature.optim.run.Trajectory;
import dev.curvature.optim.testing.Stepper;
import dev.curvature.optim.testing.TestQuadratic;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** P-GD closed forms, the parameter rules of PGD and Algorithm 1, ball sampling, and events. */
class SaddleMethodsTest {
    private static final OptionalDouble AUTO = OptionalDouble.empty();

    /** Clipped P-GD with λ = 1/L̄ is x⁺ = x − γ·min(1/‖∇f‖, 1/L̄)·∇f, at points on both sides of the clip. */
    @Test
    void clippedPgdIsGradientClipping() {
        RandomStream rng = RandomStream.of(11);
        for (double lbar : new double[] {0.5, 2, 40}) {
            for (int trial = 0; trial < 20; trial++) {
                double gamma = 0.05 + 0.5 * rng.nextDouble();
                Tensor x = rng.fillNormal(Tensor.zeros(DType.F64, 7), 0, 2);
                Tensor g = rng.fillNormal(Tensor.zeros(DType.F64, 7), 0, Math.exp(4 * rng.nextDouble() - 2));
                Blocks u = Blocks.single(g.copy());
                new PreconditionedGradientDescent(gamma, Kernel.CLIP, false, 1 / lbar)
                        .update(u, null, new StepContext(null, null));
                Tensor expected = x.copy().addScaled(-gamma * Math.min(1 / g.norm(), 1 / lbar), g);
                Tensor got = x.copy().add(u.tensor(0));
                assertTrue(got.copy().sub(expected).norm() <= 1e-14 * expected.norm(), "lbar " + lbar);
            }
        }
    }

    /** The cosh kernel with L̄ = 1: x⁺ = x − γ·asinh(‖∇f‖)·∇f/‖∇f‖; the quadratic kernel: GD with step γλ. */
    @Test
    void coshAndQuadraticKernelsInClosedForm() {
        RandomStream rng = RandomStream.of(12);
        for (int trial = 0; trial < 20; trial++) {
            Tensor g = rng.fillNormal(Tensor.zeros(DType.F64, 5), 0, Math.exp(6 * rng.nextDouble() - 3));
            double gamma = 0.3;
            Blocks u = Blocks.single(g.copy());
            new PreconditionedGradientDescent(gamma, Kernel.COSH, false, 1).update(u, null, new StepContext(null, null));
            Tensor expected = g.copy().scale(-gamma * Kernel.asinh(g.norm()) / g.norm());
            assertTrue(u.tensor(0).copy().sub(expected).norm() <= 1e-14 * expected.norm());
            Blocks q = Blocks.single(g.copy());
            new PreconditionedGradientDescent(gamma, Kernel.QUADRATIC, trial % 2 == 0, 2.5)
                    .update(q, null, new StepContext(null, null));
            assertTrue(q.tensor(0).copy().sub(g.copy().scale(-gamma * 2.5)).norm() <= 1e-14 * g.norm());
        }
    }

    @Test
    void stationarityMetricIsLoggedAndZeroGradientStaysPut() {
        Blocks u = Blocks.single(Tensor.zeros(DType.F64, 3));
        StepContext ctx = new StepContext(null, null);
        new PreconditionedGradientDescent(0.1, Kernel.LOG, false, 1).update(u, null, ctx);
        assertEquals(0, u.tensor(0).norm());
        assertEquals(0.0, ctx.metrics().get("stationarity")[0]);
        Blocks g = Blocks.single(Tensor.vector(3, 4));
        new PreconditionedGradientDescent(0.1, Kernel.LOG, false, 2).update(g, null, ctx);
        double s = 2 * 5;
        assertEquals((Math.log1p(s) - s / (1 + s)) / 2, ctx.metrics().get("stationarity")[0], 1e-15);
        assertEquals(0.1 * s / (1 + s), g.tensor(0).norm(), 1e-15);
    }

    /** Example of the specification's reproduction target 6 (the third-party octopus script's inputs). */
    @Test
    void pgdConstantsForGivenInputs() {
        double ell = 4 * Math.E * Math.E; // max{2L, 2γ, 4Lτ, 2γτ} with L = τ = e, γ = 1
        long[] d = {2, 5, 10, 20};
        double[] deltaF = {300, 700, 1500, 3000};
        double[][] expected = { // χ, η, r, g_thres, f_thres, t_thres
            {60.59261157791447, 0.10150146242745953, 1.596144955598036e-07, 4.717601847575624e-06,
                3.481902544633902e-09, 513.783895723983},
            {65.88337735469855, 0.10150146242745953, 1.3500814307329792e-07, 3.990330971924215e-06,
                2.7086198868974716e-09, 558.6459701810949},
            {70.24923905251907, 0.10150146242745953, 1.1874857963173824e-07, 3.509759666268989e-06,
                2.234347675309947e-09, 595.6654907609925},
            {74.40812213587874, 0.10150146242745953, 1.0584515512821307e-07, 3.128383156169534e-06,
                1.880245649550502e-09, 630.9299742810911}};
        for (int i = 0; i < d.length; i++) {
            PgdConstants k = PgdConstants.derive(d[i], ell, 15, 0.01, 3, 0.1, deltaF[i]);
            double[] got = {k.chi(), k.eta(), k.radius(), k.gThres(), k.fThres(), k.tThres()};
            for (int j = 0; j < got.length; j++) {
                assertEquals(expected[i][j], got[j], 1e-12 * Math.abs(expected[i][j]), "d=" + d[i] + " field " + j);
            }
            assertEquals((long) Math.ceil(expected[i][5]), k.tThresSteps());
        }
        // χ is at least 12 (= 3·4) however easy the problem.
        assertEquals(12, PgdConstants.derive(1, 1, 1, 1, 1, 0.5, 1e-3).chi());
        // Overrides replace single values only.
        PgdConstants o = PgdConstants.derive(2, ell, 15, 0.01, 3, 0.1, 300).override(OptionalDouble.of(0.5), AUTO,
                OptionalDouble.of(1e-3), AUTO, OptionalDouble.of(7));
        assertEquals(0.5, o.eta());
        assertEquals(1.596144955598036e-07, o.radius(), 1e-20);
        assertEquals(1e-3, o.gThres());
        assertEquals(7, o.tThresSteps());
    }

    @Test
    void algorithm1ConstantsFollowEquation12() {
        double l = 3;
        double lbar = 2;
        double rho = 5;
        double eps = 1e-2;
        double c = 0x1p-39;
        Algorithm1Constants k = Algorithm1Constants.derive(l, lbar, rho, eps, c, 0.1, 4, 16);
        double chi = Math.log(l * l * 4 * 4 / (c * Math.sqrt(rho) * lbar * Math.pow(eps, 2.5) * 0.1)) / Math.log(2);
        assertEquals(chi, k.chi(), 1e-12 * chi);
        assertEquals(1 / l, k.gamma());
        assertEquals(1 / lbar, k.lambda());
        assertEquals(eps / (400 * chi * chi * chi), k.radius(), 1e-12 * k.radius());
        assertEquals(l / Math.sqrt(rho * eps) * chi, k.interval(), 1e-12 * k.interval());
        assertEquals(Math.min(1, Math.sqrt(lbar)) * k.radius(), k.tolerance(), 1e-12 * k.tolerance());
        assertEquals(Math.sqrt(eps * eps * eps / rho) * lbar / (50 * chi * chi * chi), k.fThres(), 1e-12 * k.fThres());
        // A λ override changes 𝒢 = min{1, 1/√λ}·r with it.
        Algorithm1Constants o = k.override(AUTO, OptionalDouble.of(4), AUTO, AUTO, AUTO, AUTO);
        assertEquals(0.5 * k.radius(), o.tolerance(), 1e-12 * k.radius());
    }

    @Test
    void uniformInBallFillsTheBallUniformly() {
        RandomStream rng = RandomStream.of(5);
        Blocks b = Blocks.builder().add("a", Tensor.zeros(DType.F64, 2)).add("b", Tensor.zeros(DType.F32, 1)).build();
        int inner = 0;
        int n = 20000;
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            Perturbation.uniformInBall(b, 2.0, rng);
            double r = b.norm();
            assertTrue(r <= 2.0 * (1 + 1e-6));
            if (r <= 1.0) {
                inner++;
            }
            mean[0] += b.tensor(0).get(0);
            mean[1] += b.tensor(0).get(1);
            mean[2] += b.tensor(1).get(0);
        }
        // P(‖ξ‖ ≤ r/2) = 2^{-d} = 1/8 in d = 3; the binomial standard error is 0.0023.
        assertEquals(0.125, (double) inner / n, 0.01);
        for (double m : mean) {
            assertEquals(0, m / n, 0.03);
        }
    }

    /** Algorithm 1 taken literally (k_perturb = 0) does not perturb in its first 𝒯 iterations; wait_first = false does. */
    @Test
    void algorithm1FirstWait() {
        for (boolean waitFirst : new boolean[] {true, false}) {
            // L = 4, L̄ = 1, ρ = 1, ε = 0.1, c = 2⁻³⁹, δ = 0.1, Δf = 10, γ = 0.1, r = 0.01, 𝒯 = 3, 𝒢 = 10⁹.
            PerturbedPreconditionedGradientDescent a = new PerturbedPreconditionedGradientDescent(
                    new PerturbedPreconditionedGradientDescent.Params(Kernel.COSH, false, waitFirst, 4, 1, 1, 0.1,
                            0x1p-39, 0.1, OptionalDouble.of(10), AUTO, OptionalDouble.of(0.1), AUTO,
                            OptionalDouble.of(0.01), OptionalDouble.of(3), OptionalDouble.of(1e9), AUTO));
            Stepper s = new Stepper(new TestQuadratic(DType.F64), a, null);
            long first = -1;
            for (int t = 0; t < 8 && first < 0; t++) {
                s.step();
                if (s.state.scalar(Perturbation.COUNT) > 0) {
                    first = t;
                }
            }
            assertEquals(waitFirst ? 4 : 0, first, "wait_first = " + waitFirst);
        }
    }

    /** Events recorded by a transform reach the trajectory with their step, kind and fields. */
    @Test
    void perturbationAndEscapeEventsAreRecorded() {
        TestQuadratic q = new TestQuadratic(DType.F64);
        var opt = OptimizerRegistry.get("perturbed_gd_du").create(OptimizerTable.map("lr", 0.2, "radius", 0.5,
                "g_thres", 1e6, "t_thres", 5L, "f_thres", 1e-3));
        RunResult r = Run.on(q, opt).stop(StoppingRule.maxSteps(14)).recordEvery(100).run();
        Trajectory tr = r.trajectory();
        var perturbations = tr.events("perturbation");
        var escapes = tr.events("escape");
        assertEquals(3, perturbations.size(), "perturbations at 0, 6 and 12");
        assertEquals(0, perturbations.get(0).step());
        assertEquals(6, perturbations.get(1).step());
        assertEquals(0.5, perturbations.get(0).fields().get("radius"));
        assertEquals(2, escapes.size(), "windows closed at 5 and 11");
        Trajectory.Event e = escapes.get(0);
        assertEquals(5, e.step());
        assertEquals(0.0, e.fields().get("perturbed_at"));
        assertEquals(1.0, e.fields().get("escaped"));
        assertEquals(1.0, e.fields().get("steps_to_escape"), "gradient steps decrease f at once");
        assertTrue(e.fields().get("loss_after") < e.fields().get("loss_before"));
        assertEquals(java.util.List.of("perturbed_at", "loss_before", "loss_after", "steps_to_escape", "escaped"),
                java.util.List.copyOf(e.fields().keySet()));
    }

    @Test
    void eventBuffersGrowAndResetEachStep() {
        StepContext ctx = new StepContext(null, null);
        Blocks x = Blocks.single(Tensor.vector(1, 2));
        ctx.begin(0, 1.0, x);
        StepContext group = ctx.forGroup(x);
        for (int i = 0; i < 9; i++) {
            group.event("k" + i).field("a", i).field("b", -i);
        }
        assertEquals(9, ctx.eventCount());
        assertEquals("k7", ctx.eventKind(7));
        assertEquals(2, ctx.eventFieldCount(7));
        assertEquals(-7.0, ctx.eventFieldValue(7, 1));
        assertEquals("b", ctx.eventFieldName(8, 1));
        ctx.begin(1, 1.0, x);
        assertEquals(0, ctx.eventCount());
        ctx.event("solo");
        assertEquals(0, ctx.eventFieldCount(0));
    }
}
