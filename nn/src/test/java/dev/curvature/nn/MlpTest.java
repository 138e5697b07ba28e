package dev.curvature.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.data.Dataset;
import dev.curvature.nn.data.Digits;
import dev.curvature.nn.models.Mlp;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.StoppingRule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlpTest {

    @Test
    void gradientsOfEveryParameterMatchFiniteDifferences() {
        for (Mlp.Activation act : Mlp.Activation.values()) {
            Mlp mlp = new Mlp(6, new int[] {5, 4}, 3, act);
            Graph g = new Graph(DType.F64);
            Mlp.Built b = mlp.build(g, 7);
            mlp.initialize(g.parameters(), RandomStream.of(3));
            RandomStream.of(4).fillNormal(b.input().value(), 0, 1);
            for (int i = 0; i < 7; i++) {
                b.target().value().set(i % 3, i);
            }
            GradCheck.checkParams(g, b.loss(), 1e-6);
        }
    }

    @Test
    void hessianVectorProductMatchesDifferencesOfGradientsOnAFixedBatch() {
        Dataset[] split = Digits.split(1500, 0);
        ModelProblem p = new ModelProblem(new Mlp(64, new int[] {16}, 10, Mlp.Activation.TANH), split[0], 32, 1,
                DType.F64);
        Blocks x = p.initialPoint(RandomStream.of(2));
        Blocks g = x.zerosLike();
        p.valueAndGradient(x, g);
        Blocks v = x.zerosLike();
        for (int i = 0; i < v.count(); i++) {
            RandomStream.of(10 + i).fillNormal(v.tensor(i), 0, 1);
        }
        Blocks hv = x.zerosLike();
        p.hessianVectorProduct(x, v, hv);
        // Symmetry of the Hessian: ⟨u, Hv⟩ = ⟨Hu, v⟩.
        Blocks u = x.zerosLike();
        for (int i = 0; i < u.count(); i++) {
            RandomStream.of(20 + i).fillNormal(u.tensor(i), 0, 1);
        }
        Blocks hu = x.zerosLike();
        p.hessianVectorProduct(x, u, hu);
        double a = u.dot(hv);
        double b = hu.dot(v);
        assertEquals(a, b, 1e-6 * Math.max(1, Math.abs(a)), "⟨u,Hv⟩ vs ⟨Hu,v⟩");
        // Directional check: (∇f(x+hv) − ∇f(x−hv))/2h with a different h agrees.
        double h = 1e-4;
        Blocks xp = x.copy().addScaled(h, v);
        Blocks xm = x.copy().addScaled(-h, v);
        Blocks gp = x.zerosLike();
        Blocks gm = x.zerosLike();
        p.evaluate(xp, gp);
        p.evaluate(xm, gm);
        Blocks fd = gp.copy().addScaled(-1, gm).scale(1 / (2 * h));
        double err = fd.copy().addScaled(-1, hv).norm() / hv.norm();
        assertTrue(err < 1e-6, "relative HVP error " + err);
    }

    @Test
    void twoLayerMlpReaches97PercentOnTheDigitsTestSet() {
        Dataset[] split = Digits.split(1500, 0);
        ModelProblem p = new ModelProblem(new Mlp(64, new int[] {128}, 10, Mlp.Activation.RELU), split[0], 64, 1,
                DType.F32);
        RunResult r = Run.on(p, OptimizerRegistry.get("adam").create(Map.of("lr", 3e-3)))
                .stop(StoppingRule.maxSteps(1500)).recordEvery(100).seed(5).run();
        double acc = p.accuracy(r.x(), split[1]);
        assertTrue(acc >= 0.97, "test accuracy " + acc + " on " + split[1].size() + " held-out digits");
    }
}
