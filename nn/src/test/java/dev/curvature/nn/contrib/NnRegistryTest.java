package dev.curvature.nn.contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.ModelProblem;
import dev.curvature.nn.SecantSmoothnessMonitor;
import dev.curvature.nn.data.Dataset;
import dev.curvature.nn.models.Mlp;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.Monitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registered network problems and model monitors: sizes under the documented defaults worked
 * out by hand, gradients against finite differences, the batch-order seed, and the held-out
 * monitors on a classifier whose outputs are known in closed form.
 */
class NnRegistryTest {

    private static Problem problem(String name, Map<String, ?> params) {
        return Registries.standard().problems().get(name).create(params);
    }

    private static List<Long> sizes(Blocks b) {
        return b.names().stream().map(n -> (long) b.get(n).size()).toList();
    }

    @Test
    void mlpDefaultsAreOneHiddenLayerOf128OnDigitsInFloat32() {
        ModelProblem p = assertInstanceOf(ModelProblem.class, problem("mlp", Map.of()));
        assertEquals("mlp@digits", p.name(), "the default data set");
        assertEquals(64, p.batchSize());
        Blocks x = p.initialPoint(RandomStream.of(1));
        // 8×8 digits, 10 classes: W₁ 128×64, b₁ 128, head 10×128, bias 10.
        assertEquals(List.of(128L * 64, 128L, 10L * 128, 10L), sizes(x));
        assertEquals(DType.F32, x.tensor(0).dtype());
        assertNotNull(p.evaluation(), "held-out digits");
        assertEquals(1797 - 1500, p.evaluation().size(), "digits: 1500 training examples, the rest held out");
    }

    @Test
    void cnnDefaultsAreChannels8And16OnDigits() {
        ModelProblem p = assertInstanceOf(ModelProblem.class, problem("cnn", Map.of()));
        assertEquals(64, p.batchSize());
        Blocks x = p.initialPoint(RandomStream.of(1));
        // 3×3 kernels: 8·1·9 + 8, 16·8·9 + 16; two 2×2 poolings take 8×8 to 2×2: head 10×(16·2·2) + 10.
        assertEquals(List.of(72L, 8L, 1152L, 16L, 640L, 10L), sizes(x));
        assertEquals(DType.F32, x.tensor(0).dtype());
    }

    @Test
    void charTransformerDefaultsBuildOnTheShippedText() {
        ModelProblem p = assertInstanceOf(ModelProblem.class, problem("char_transformer", Map.of()));
        assertEquals("char_transformer@moby-dick-1-9", p.name(), "the default text");
        assertEquals(32, p.batchSize());
        Blocks x = p.initialPoint(RandomStream.of(1));
        assertEquals(DType.F32, x.tensor(0).dtype());
        assertNotNull(p.evaluation(), "10 % of the text held out");
        Map<String, ?> wider = Map.of("layers", 1L, "width", 8L, "heads", 2L, "context", 4L);
        long params = problem("char_transformer", wider).initialPoint(RandomStream.of(1)).size();
        Map<String, ?> twoLayers = Map.of("layers", 2L, "width", 8L, "heads", 2L, "context", 4L);
        long params2 = problem("char_transformer", twoLayers).initialPoint(RandomStream.of(1)).size();
        // One pre-LN block of width d: 2 layer norms (2·2d), attention 4·(d² + d), MLP d·4d + 4d + 4d·d + d.
        int d = 8;
        assertEquals(2 * 2 * d + 4 * (d * d + d) + (d * 4 * d + 4 * d) + (4 * d * d + d), params2 - params,
                "parameters of one more block");
    }

    @Test
    void specValuesReachTheModel() {
        ModelProblem p = (ModelProblem) problem("mlp", Map.of("hidden", List.of(5L, 3L), "batch", 7L, "dtype", "f64"));
        assertEquals(7, p.batchSize());
        Blocks x = p.initialPoint(RandomStream.of(1));
        assertEquals(List.of(5L * 64, 5L, 3L * 5, 3L, 10L * 3, 10L), sizes(x));
        assertEquals(DType.F64, x.tensor(0).dtype());
        assertThrows(RuntimeException.class, () -> problem("mlp", Map.of("batch", 100_000L)), "batch above the set");
    }

    /** Small float64 instances of each problem: their gradient against central differences of the value. */
    @Test
    void gradientsAgreeWithFiniteDifferencesOnTheCurrentBatch() {
        List<Problem> problems = List.of(
                problem("mlp", Map.of("hidden", List.of(6L), "activation", "tanh", "batch", 4L, "dtype", "f64")),
                problem("cnn", Map.of("c1", 2L, "c2", 3L, "batch", 2L, "dtype", "f64")),
                problem("char_transformer", Map.of("layers", 1L, "width", 8L, "heads", 2L, "context", 4L, "batch", 2L,
                        "dtype", "f64")));
        RandomStream rng = RandomStream.of(17);
        for (Problem p : problems) {
            Blocks x = p.initialPoint(RandomStream.of(3));
            Blocks g = x.zerosLike();
            double f = p.valueAndGradient(x, g);
            assertEquals(f, p.value(x), 1e-12 * Math.abs(f), p.name() + ": value on the batch the gradient used");
            for (int k = 0; k < 3; k++) {
                Blocks v = x.zerosLike();
                for (int b = 0; b < v.count(); b++) {
                    rng.fillNormal(v.tensor(b), 0, 1);
                }
                double h = 1e-4 / v.norm();
                // Central differences with one Richardson step: error O(h⁴·‖v‖⁵·f⁽⁵⁾) + rounding ~1e-16·f/h.
                double d1 = (p.value(x.copy().addScaled(h, v)) - p.value(x.copy().addScaled(-h, v))) / (2 * h);
                double d2 = (p.value(x.copy().addScaled(h / 2, v)) - p.value(x.copy().addScaled(-h / 2, v))) / h;
                double fd = (4 * d2 - d1) / 3;
                double exact = g.dot(v);
                assertEquals(exact, fd, 1e-6 * Math.max(g.norm() * v.norm(), 1e-8), p.name() + ": direction " + k);
            }
        }
    }

    @Test
    void theProblemSeedIsTheBatchOrder() {
        Map<String, Object> spec = Map.of("hidden", List.of(4L), "batch", 5L, "dtype", "f64", "seed", 1L);
        Problem a = problem("mlp", spec);
        Problem b = problem("mlp", spec);
        Problem c = problem("mlp", Map.of("hidden", List.of(4L), "batch", 5L, "dtype", "f64", "seed", 2L));
        Blocks x = a.initialPoint(RandomStream.of(9));
        for (int step = 0; step < 3; step++) {
            Blocks g = x.zerosLike();
            double fa = a.valueAndGradient(x, g);
            assertEquals(fa, b.valueAndGradient(x, g), 0.0, "same seed, same batch at step " + step);
            assertNotEquals(fa, c.valueAndGradient(x, g), "another seed, another batch at step " + step);
        }
    }

    /**
     * Softmax regression on 2 inputs and 2 classes with W = I, b = 0 on four held-out examples:
     * logits z = x, so (2, 0) → class 0 and (0, 3) → class 1 are right, (1, 0) labelled 1 and
     * (0, 1) labelled 0 are wrong; losses log(1 + e^{−2}), log(1 + e^{−3}), log(1 + e), log(1 + e).
     */
    @Test
    void heldOutMonitorsMeasureAccuracyAndLossOfAKnownClassifier() {
        Tensor features = Tensor.matrix(DType.F64, new double[][] {{2, 0}, {0, 3}, {1, 0}, {0, 1}});
        Dataset held = new Dataset("held", features, Tensor.vector(0, 1, 1, 0), 2);
        ModelProblem p = new ModelProblem(new Mlp(2, new int[0], 2, Mlp.Activation.RELU), held, 2, 0, DType.F64)
                .withEvaluation(held);
        Blocks x = p.initialPoint(RandomStream.of(1));
        x.get("head.weight").assign(Tensor.eye(DType.F64, 2));
        x.get("head.bias").fill(0);
        double e = Math.E;
        double loss = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-3)) + 2 * Math.log1p(e)) / 4;
        Monitor acc = monitor("test_accuracy", Map.of());
        Monitor nll = monitor("test_loss", Map.of());
        assertEquals(Map.of("test_accuracy", 0.5), acc.measure(p, x, 0));
        assertEquals(loss, nll.measure(p, x, 0).get("test_loss"), 1e-15);
        Monitor firstTwo = monitor("test_accuracy", Map.of("max_examples", 2L));
        assertEquals(Map.of("test_accuracy", 1.0), firstTwo.measure(p, x, 0));
        Monitor firstThreeLoss = monitor("test_loss", Map.of("max_examples", 3L));
        assertEquals((Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-3)) + Math.log1p(e)) / 3,
                firstThreeLoss.measure(p, x, 0).get("test_loss"), 1e-15);
    }

    @Test
    void modelMonitorsRefuseAProblemWithoutHeldOutDataOrBatches() {
        Tensor features = Tensor.matrix(DType.F64, new double[][] {{1, 0}, {0, 1}});
        Dataset train = new Dataset("train", features, Tensor.vector(0, 1), 2);
        ModelProblem noHeldOut = new ModelProblem(new Mlp(2, new int[0], 2, Mlp.Activation.RELU), train, 2, 0,
                DType.F64);
        Blocks x = noHeldOut.initialPoint(RandomStream.of(1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> monitor("test_loss", Map.of()).measure(noHeldOut, x, 0));
        assertTrue(e.getMessage().contains("has no held-out data"), e.getMessage());
        Monitor secant = monitor("smoothness_batch", Map.of("interval", 3L));
        assertInstanceOf(SecantSmoothnessMonitor.class, secant);
        Problem notAModel = new Problem() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public Blocks initialPoint(RandomStream rng) {
                return Blocks.single(Tensor.vector(1, 2));
            }

            @Override
            public double value(Blocks x) {
                return 0;
            }

            @Override
            public double valueAndGradient(Blocks x, Blocks grad) {
                return 0;
            }
        };
        Blocks y = notAModel.initialPoint(RandomStream.of(1));
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> secant.measure(notAModel, y, 0));
        assertTrue(s.getMessage().contains("'plain' is not a model trained on mini-batches"), s.getMessage());
        assertThrows(IllegalStateException.class, () -> monitor("test_accuracy", Map.of()).measure(notAModel, y, 0));
    }

    private static Monitor monitor(String name, Map<String, ?> params) {
        return Registries.standard().monitors().get(name).create(params);
    }
}
