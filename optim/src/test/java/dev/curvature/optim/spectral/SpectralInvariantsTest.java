package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Label;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invariants the papers state, on random matrices (reproduction targets 13–15 of the spec). */
class SpectralInvariantsTest {

    private static Tensor gaussian(DType d, long seed, int... shape) {
        return RandomStream.of(seed).fillNormal(Tensor.zeros(d, shape), 0, 1);
    }

    private static Blocks one(Tensor t) {
        return Blocks.builder().add("W", Label.HIDDEN, t).build();
    }

    private static void step(Transform t, State s, Blocks u) {
        t.update(u, s, new StepContext(null, RandomStream.of(0)));
    }

    @Test
    void adaMuonUpdateHasRmsPointTwo() {
        for (DType d : DType.values()) {
            Tensor p = Tensor.zeros(d, 20, 30);
            AdaMuonScale t = new AdaMuonScale("ns5", 5, 0.95, 1e-8, true);
            State s = t.init(one(p));
            for (int k = 0; k < 5; k++) {
                Tensor u = gaussian(d, k, 20, 30);
                step(t, s, one(u));
                assertEquals(0.2, SpectralDiagnostics.rms(u), d == DType.F64 ? 1e-9 : 1e-6, "step " + k + " " + d);
            }
        }
    }

    @Test
    void moonlightScalingGivesRmsPointTwoForAnOrthogonalUpdate() {
        for (int[] shape : new int[][] {{64, 16}, {16, 64}, {48, 48}}) {
            Tensor u = gaussian(DType.F64, 3, shape);
            Orthogonalize t = new Orthogonalize("svd", 0, AdjustLr.RMS_NORM, false);
            step(t, t.init(one(u.copy())), one(u));
            assertEquals(0.2, SpectralDiagnostics.rms(u), 1e-12, shape[0] + "x" + shape[1]);
        }
        // With Muon's quintic the singular values are only near 1, so the RMS is only near 0.2.
        Tensor u = gaussian(DType.F64, 4, 64, 256);
        Orthogonalize t = new Orthogonalize("ns5", 5, AdjustLr.RMS_NORM, false);
        step(t, t.init(one(u.copy())), one(u));
        double rms = SpectralDiagnostics.rms(u);
        assertTrue(rms > 0.15 && rms < 0.25, "NS5 + Moonlight scaling: RMS " + rms);
    }

    @Test
    void norMuonKeepsTheFrobeniusNormAndEqualisesRows() {
        Tensor base = gaussian(DType.F64, 5, 12, 40);
        // Rows of very different scales, as after an orthogonalization of a skewed matrix.
        for (int i = 0; i < 12; i++) {
            base.row(i).scale(1 + i);
        }
        NorMuonNormalize t = new NorMuonNormalize(0.95, 1e-10, AdjustLr.NONE);
        State s = t.init(one(base.copy()));
        Tensor u = null;
        for (int k = 0; k < 300; k++) {
            u = base.copy();
            step(t, s, one(u));
            assertEquals(base.norm(), u.norm(), 1e-9 * base.norm(), "‖O‖_F kept at step " + k);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < 12; i++) {
            double r = u.row(i).norm() / Math.sqrt(40);
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        assertTrue(hi / lo < 1 + 1e-6, "rows equalised once V has converged: " + lo + " .. " + hi);
    }

    @Test
    void dionErrorFeedbackIdentity() {
        for (String qr : new String[] {"qr", "cqr", "rcqr"}) {
            Dion dion = new Dion(0.9, 1e-8, 0.5, 1, qr, 0, 1.25, 3);
            Tensor w = Tensor.zeros(DType.F64, 24, 10);
            Blocks params = one(w);
            State s = dion.init(params);
            for (int k = 0; k < 4; k++) {
                Tensor mPrev = s.buffer("momentum").tensor(0).copy();
                Tensor qPrev = s.buffer("q").tensor(0).copy();
                Tensor g = gaussian(DType.F64, 10 + k, 24, 10);
                Tensor u = g.copy();
                step(dion, s, one(u));
                // B = M_{t−1} + G; P = orth(B·Q_{t−1}); M_t = B − (1 − μ)·P·Rᵀ with R = BᵀP.
                Tensor b = mPrev.add(g);
                Tensor p = Linalg.qr(Linalg.matmul(b, qPrev)).q();
                Tensor ppt = Linalg.matmul(p, p.t());
                Tensor expected = b.copy();
                Linalg.gemm(-(1 - 0.9), ppt, b, 1.0, expected);
                Tensor mNow = s.buffer("momentum").tensor(0);
                assertTrue(SpectralDiagnostics.polarError(mNow, expected) < 1e-10, qr + " step " + k + ": error feedback");
                // Update = √(A/B)·P·Qᵀ with Q = R column-normalised: √(A/B)·P·diag(1/‖R_j‖)·PᵀB.
                Tensor r = Linalg.matmul(b.t(), p);
                Tensor pd = p.copy();
                for (int j = 0; j < r.cols(); j++) {
                    pd.col(j).scale(1 / (r.col(j).norm() + 1e-8));
                }
                Tensor upd = Linalg.matmul(Linalg.matmul(pd, p.t()), b).scale(Math.sqrt(24.0 / 10));
                assertTrue(SpectralDiagnostics.polarError(u, upd) < 1e-10, qr + " step " + k + ": update");
            }
        }
    }

    @Test
    void dionWithFullRankAndManyPowerIterationsApproachesThePolarFactor() {
        // Distinct, well separated singular values so that the subspace iteration converges.
        double[] sv = {10, 7, 5, 3.5, 2.5, 1.8, 1.3, 1.0};
        Tensor g = PolarEnginesTest.withSpectrum(DType.F64, 20, 8, sv, 41);
        Dion dion = new Dion(0.0, 1e-12, 1.0, 60, "qr", 0, 1.25, 1);
        Tensor u = g.copy();
        step(dion, dion.init(one(Tensor.zeros(DType.F64, 20, 8))), one(u));
        u.scale(1 / Math.sqrt(20.0 / 8));
        assertTrue(SpectralDiagnostics.polarError(u, SpectralDiagnostics.exactPolar(g)) < 1e-6,
                "P·Qᵀ → U·Vᵀ: " + SpectralDiagnostics.polarError(u, SpectralDiagnostics.exactPolar(g)));
    }

    @Test
    void rootClipsTheTopTenPercent() {
        for (DType d : DType.values()) {
            Tensor u = gaussian(d, 17, 40, 25);
            Tensor original = u.copy();
            double eps = RootOrthogonalize.clip(u, 0.9, new double[u.size()]);
            int clipped = 0;
            for (int i = 0; i < u.size(); i++) {
                double a = original.getFlat(i);
                double b = u.getFlat(i);
                double outlier = Math.signum(a) * Math.max(Math.abs(a) - eps, 0);
                assertEquals(a, b + outlier, 1e-6, "B + O = U");
                if (Math.abs(a) > eps) {
                    clipped++;
                }
            }
            // q·(n − 1) = 899.1 for n = 1000: the entries above the interpolated quantile are the top 100.
            assertEquals(100, clipped, d + ": clipped " + clipped + " of 1000");
            double[] abs = new double[1000];
            for (int i = 0; i < 1000; i++) {
                abs[i] = Math.abs(original.getFlat(i));
            }
            java.util.Arrays.sort(abs);
            assertEquals(abs[899] + 0.1 * (abs[900] - abs[899]) + 1e-9, eps, 1e-6, "torch.quantile interpolation");
        }
    }

    @Test
    void convolutionKernelsAreReshapedToOutByRest() {
        Tensor k = gaussian(DType.F64, 23, 8, 3, 3, 3);
        Tensor expected = Tensor.zeros(DType.F64, 8, 27);
        new ExactPolar().polar(k.reshape(8, 27), expected);
        Orthogonalize t = new Orthogonalize("svd", 0, AdjustLr.NONE, false);
        Tensor u = k.copy();
        step(t, t.init(one(k.copy())), one(u));
        assertTrue(SpectralDiagnostics.polarError(u.reshape(8, 27), expected) < 1e-12);
    }

    @Test
    void matrixRulesRejectVectorsAndPresetsRouteThem() {
        Blocks v = Blocks.builder().add("b", Label.HIDDEN, Tensor.zeros(DType.F64, 5)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Orthogonalize("ns5", 5, AdjustLr.MUON, false).init(v));
        assertTrue(e.getMessage().contains("route other blocks to another optimizer"), e.getMessage());
        // The preset routes the vector to AdamW, the hidden matrix to Muon.
        Blocks mixed = Blocks.builder().add("w", Label.HIDDEN, Tensor.zeros(DType.F64, 6, 4))
                .add("bias", Label.BIAS, Tensor.zeros(DType.F64, 4)).build();
        Transform muon = OptimizerRegistry.get("muon").create(Map.of("adam_lr", 0.0));
        State s = muon.init(mixed);
        Blocks g = mixed.zerosLike();
        RandomStream.of(3).fillNormal(g.tensor(0), 0, 1);
        RandomStream.of(4).fillNormal(g.tensor(1), 0, 1);
        Blocks u = g.copy();
        StepContext ctx = new StepContext(null, RandomStream.of(0));
        ctx.begin(0, 0, mixed);
        muon.update(u, s, ctx);
        assertEquals(0.0, u.tensor(1).normInf(), "the bias went to AdamW with lr 0");
        assertTrue(u.tensor(0).norm() > 0, "the hidden matrix moved");
    }

    @Test
    void auonPaperVariantIsScaleInvariant() {
        Tensor u = gaussian(DType.F64, 29, 6, 9);
        AuonBrake t = new AuonBrake(1.5, "paper");
        Tensor a = u.copy();
        step(t, t.init(one(u)), one(a));
        Tensor b = u.copy().scale(1e6);
        step(t, t.init(one(u)), one(b));
        assertTrue(SpectralDiagnostics.polarError(a, b) < 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuonBrake(1.5, "v2"));
        assertEquals("auon: variant = v2 is not one of code, paper", e.getMessage());
    }
}
