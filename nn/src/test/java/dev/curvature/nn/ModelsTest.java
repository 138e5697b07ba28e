package dev.curvature.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.data.CharText;
import dev.curvature.nn.data.Datasets;
import dev.curvature.nn.data.TextBatches;
import dev.curvature.nn.models.CharTransformer;
import dev.curvature.nn.models.Cnn;
import dev.curvature.nn.Model;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Label;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gradient and Hessian-vector checks of the CNN and the character transformer, and short trainings. */
class ModelsTest {

    @Test
    void cnnGradientsMatchFiniteDifferences() {
        Cnn cnn = new Cnn(2, 8, 8, 3, 4, 3);
        Graph g = new Graph(DType.F64);
        Model.Built b = cnn.build(g, 3);
        cnn.initialize(g.parameters(), RandomStream.of(1));
        RandomStream.of(2).fillNormal(b.input().value(), 0, 1);
        for (int i = 0; i < 3; i++) {
            b.target().value().set(i, i);
        }
        GradCheck.checkParams(g, b.loss(), 1e-6);
    }

    @Test
    void transformerGradientsMatchFiniteDifferences() {
        CharTransformer m = new CharTransformer(7, 5, 2, 8, 2);
        Graph g = new Graph(DType.F64);
        Model.Built b = m.build(g, 2);
        m.initialize(g.parameters(), RandomStream.of(3));
        // Larger weights than the 0.02 initialization make every path visible to the check.
        for (Blocks.Block blk : g.parameters()) {
            if (!blk.label().equals(Label.GAIN)) {
                RandomStream.of(blk.name().hashCode()).fillNormal(blk.tensor(), 0, 0.5);
            }
        }
        RandomStream r = RandomStream.of(4);
        for (int i = 0; i < 10; i++) {
            b.input().value().setFlat(i, r.nextInt(7));
            b.target().value().setFlat(i, r.nextInt(7));
        }
        GradCheck.checkParams(g, b.loss(), 1e-6);
    }

    @Test
    void transformerLabelsAndShapes() {
        CharTransformer m = new CharTransformer(11, 6, 3, 16, 4);
        Graph g = new Graph(DType.F32);
        m.build(g, 2);
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Blocks.Block blk : g.parameters()) {
            count.merge(blk.label(), 1, Integer::sum);
        }
        assertEquals(Map.of(Label.EMBEDDING, 2, Label.HIDDEN, 12, Label.GAIN, 7, Label.BIAS, 19, Label.HEAD, 1), count);
        assertEquals(3 * 16, g.parameters().get("h1.attn.c_attn.weight").dim(0));
        Blocks x = g.parameters().zerosLike();
        m.initialize(x, RandomStream.of(0));
        assertEquals(1.0, x.get("h0.ln_1.weight").getFlat(3), 0);
        double std = Math.sqrt(x.get("h2.mlp.c_fc.weight").square().mean());
        assertEquals(0.02, std, 0.002);
        double resid = Math.sqrt(x.get("h2.mlp.c_proj.weight").square().mean());
        assertEquals(0.02 / Math.sqrt(6), resid, 0.001);
    }

    @Test
    void anEmptyProblemStateIsRefusedWithAMessage() {
        ModelProblem p = new ModelProblem(new Cnn(1, 8, 8, 2, 3, 10), Datasets.images("digits").train(), 8, 1,
                DType.F64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.restore(new byte[0]));
        assertTrue(e.getMessage().contains("model problem state is empty"), e.getMessage());
    }

    @Test
    void hessianVectorProductsAreSymmetricOnCnnAndTransformer() {
        CharText text = CharText.of("t", "the quick brown fox jumps over the lazy dog. ".repeat(20));
        ModelProblem lm = new ModelProblem(new CharTransformer(text.vocabularySize(), 8, 1, 8, 2),
                new TextBatches("t", text.tokens(), 4, 8, 1), 4, DType.F64);
        ModelProblem cnn = new ModelProblem(new Cnn(1, 8, 8, 2, 3, 10), Datasets.images("digits").train(), 8, 1,
                DType.F64);
        for (ModelProblem p : new ModelProblem[] {lm, cnn}) {
            Blocks x = p.initialPoint(RandomStream.of(2));
            Blocks g = x.zerosLike();
            p.valueAndGradient(x, g);
            Blocks u = random(x, 10);
            Blocks v = random(x, 20);
            v.scale(1 / v.norm());
            Blocks hu = x.zerosLike();
            Blocks hv = x.zerosLike();
            p.hessianVectorProduct(x, u, hu);
            p.hessianVectorProduct(x, v, hv);
            double a = u.dot(hv);
            double c = hu.dot(v);
            assertEquals(a, c, 1e-6 * Math.max(1, Math.abs(a)), p.name() + ": ⟨u,Hv⟩ vs ⟨Hu,v⟩");
            // Against a central difference with another step: agreement to O(h²).
            double h = 1e-4;
            Blocks gp = x.zerosLike();
            Blocks gm = x.zerosLike();
            p.evaluate(x.copy().addScaled(h, v), gp);
            p.evaluate(x.copy().addScaled(-h, v), gm);
            Blocks fd = gp.addScaled(-1, gm).scale(1 / (2 * h));
            double err = fd.addScaled(-1, hv).norm() / hv.norm();
            assertTrue(err < 1e-5, p.name() + ": relative HVP error " + err);
        }
    }

    private static Blocks random(Blocks like, long seed) {
        Blocks v = like.zerosLike();
        for (int i = 0; i < v.count(); i++) {
            RandomStream.of(seed + i).fillNormal(v.tensor(i), 0, 1);
        }
        return v;
    }

    @Test
    void cnnLearnsDigits() {
        Datasets.Split s = Datasets.images("digits");
        ModelProblem p = new ModelProblem(new Cnn(1, 8, 8, 8, 16, 10), s.train(), 32, 1, DType.F32)
                .withEvaluation(s.test());
        RunResult r = Run.on(p, OptimizerRegistry.get("adam").create(Map.of("lr", 3e-3)))
                .stop(StoppingRule.maxSteps(400)).recordEvery(100).seed(3).run();
        double acc = p.evaluationAccuracy(r.x());
        assertTrue(acc >= 0.9, "CNN test accuracy " + acc);
    }

    @Test
    void transformerLearnsTheShippedText() {
        CharText text = Datasets.text("moby-dick-1-9");
        assertEquals(100_906, text.length());
        int split = text.splitPoint(0.1);
        CharTransformer m = new CharTransformer(text.vocabularySize(), 32, 1, 32, 2);
        ModelProblem p = new ModelProblem(m, new TextBatches("moby", text.range(0, split), 16, 32, 0), 16, DType.F32)
                .withEvaluation(text.windows(split, text.length(), 32).slice(0, 64));
        Blocks x0 = p.initialPoint(RandomStream.of(0));
        double before = p.evaluationLoss(x0);
        assertEquals(Math.log(text.vocabularySize()), before, 0.1);
        RunResult r = Run.on(p, OptimizerRegistry.get("adamw").create(Map.of("lr", 3e-3)))
                .stop(StoppingRule.maxSteps(300)).recordEvery(50).seed(0).run();
        double after = p.evaluationLoss(r.x());
        assertTrue(after < 2.7, "validation loss " + before + " -> " + after);
    }
}
