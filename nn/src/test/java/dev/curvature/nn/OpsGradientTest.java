package dev.curvature.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curvature.core.DType;
import dev.curvature.core.ShapeException;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Label;
import org.junit.jupiter.api.Test;

/** Every operation's gradient against central differences (float64, relative error ≤ 1e-6). */
class OpsGradientTest {
    private static final double TOL = 1e-6;

    /** Gradients of every input that needs one, through a scalar head L = Σ w ⊙ node (random w). */
    private static void checkNode(Graph g, Node out, Node... inputs) {
        RandomStream rng = RandomStream.of(7);
        Node weights = g.input("w", out.shape());
        rng.fillNormal(weights.value(), 0, 1);
        Node target = g.input("zero", out.shape());
        // L = mean((out − 0)²) has a gradient that depends on out, which exercises dy ≠ const.
        Node loss = g.mse(g.add(out, weights), target);
        g.forward(loss);
        g.backward(loss);
        for (Node in : inputs) {
            Tensor saved = in.grad().copy();
            GradCheck.check(in.op() + Tensor.shapeString(in.shape()), in.value(), saved, () -> g.forward(loss), 1e-6,
                    TOL);
        }
    }

    private static Node randomParam(Graph g, String name, long seed, int... shape) {
        Node p = g.param(name, Label.VECTOR, shape);
        RandomStream.of(seed).fillNormal(p.value(), 0, 1);
        return p;
    }

    @Test
    void matmul() {
        Graph g = new Graph(DType.F64);
        Node a = randomParam(g, "a", 1, 3, 5);
        Node b = randomParam(g, "b", 2, 5, 4);
        checkNode(g, g.matmul(a, b), a, b);
    }

    @Test
    void linearWithBiasOn3dInput() {
        Graph g = new Graph(DType.F64);
        Node x = randomParam(g, "x", 1, 2, 3, 5);
        Node w = randomParam(g, "w", 2, 4, 5);
        Node b = randomParam(g, "b", 3, 4);
        Node y = g.linear(x, w, b);
        assertEquals(Tensor.shapeString(2, 3, 4), Tensor.shapeString(y.shape()));
        checkNode(g, y, x, w, b);
    }

    @Test
    void linearWithoutBias() {
        Graph g = new Graph(DType.F64);
        Node x = randomParam(g, "x", 4, 6, 3);
        Node w = randomParam(g, "w", 5, 2, 3);
        checkNode(g, g.linear(x, w, null), x, w);
    }

    @Test
    void addAndActivations() {
        for (String act : new String[] {"relu", "tanh", "gelu"}) {
            Graph g = new Graph(DType.F64);
            Node a = randomParam(g, "a", 11, 4, 7);
            Node b = randomParam(g, "b", 12, 4, 7);
            Node s = g.add(a, b);
            Node y = switch (act) {
                case "relu" -> g.relu(s);
                case "tanh" -> g.tanh(s);
                default -> g.gelu(s);
            };
            checkNode(g, y, a, b);
        }
    }

    @Test
    void softmaxCrossEntropy() {
        Graph g = new Graph(DType.F64);
        Node z = randomParam(g, "z", 3, 6, 5);
        Node y = g.input("y", 6);
        for (int i = 0; i < 6; i++) {
            y.value().set(i % 5, i);
        }
        Node loss = g.softmaxCrossEntropy(z, y);
        g.forward(loss);
        g.backward(loss);
        Tensor saved = z.grad().copy();
        GradCheck.check("softmax_cross_entropy", z.value(), saved, () -> g.forward(loss), 1e-6, TOL);
        // Uniform logits give log(V).
        z.value().fill(0.3);
        assertEquals(Math.log(5), g.forward(loss), 1e-12);
    }

    @Test
    void meanSquaredErrorBothSides() {
        Graph g = new Graph(DType.F64);
        Node p = randomParam(g, "p", 5, 3, 4);
        Node t = randomParam(g, "t", 6, 3, 4);
        Node loss = g.mse(p, t);
        g.forward(loss);
        g.backward(loss);
        GradCheck.check("mse pred", p.value(), p.grad().copy(), () -> g.forward(loss), 1e-6, TOL);
        GradCheck.check("mse target", t.value(), t.grad().copy(), () -> g.forward(loss), 1e-6, TOL);
    }

    @Test
    void conv2dWithStridePaddingAndBias() {
        Graph g = new Graph(DType.F64);
        Node x = randomParam(g, "x", 21, 2, 3, 5, 6);
        Node w = randomParam(g, "w", 22, 4, 3, 3, 2);
        Node b = randomParam(g, "b", 23, 4);
        Node y = g.conv2d(x, w, b, 2, 1);
        assertEquals(Tensor.shapeString(2, 4, 3, 4), Tensor.shapeString(y.shape()));
        checkNode(g, y, x, w, b);
    }

    @Test
    void conv2dMatchesDirectSum() {
        Graph g = new Graph(DType.F64);
        Node x = randomParam(g, "x", 31, 1, 2, 4, 4);
        Node w = randomParam(g, "w", 32, 3, 2, 3, 3);
        Node y = g.conv2d(x, w, null, 1, 1);
        g.forward(y);
        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    double s = 0;
                    for (int c = 0; c < 2; c++) {
                        for (int u = 0; u < 3; u++) {
                            for (int v = 0; v < 3; v++) {
                                int iy = i - 1 + u;
                                int ix = j - 1 + v;
                                if (iy >= 0 && iy < 4 && ix >= 0 && ix < 4) {
                                    s += w.value().get(o, c, u, v) * x.value().get(0, c, iy, ix);
                                }
                            }
                        }
                    }
                    assertEquals(s, y.value().get(0, o, i, j), 1e-12);
                }
            }
        }
    }

    @Test
    void conv2dWithoutBiasInF32MatchesF64() {
        Graph g64 = new Graph(DType.F64);
        Node x64 = randomParam(g64, "x", 41, 2, 2, 6, 6);
        Node w64 = randomParam(g64, "w", 42, 3, 2, 3, 3);
        Node y64 = g64.conv2d(x64, w64, null, 1, 0);
        g64.forward(y64);
        Graph g32 = new Graph(DType.F32);
        Node x32 = g32.param("x", Label.VECTOR, 2, 2, 6, 6);
        Node w32 = g32.param("w", Label.VECTOR, 3, 2, 3, 3);
        x32.value().assign(x64.value().to(DType.F32));
        w32.value().assign(w64.value().to(DType.F32));
        Node y32 = g32.conv2d(x32, w32, null, 1, 0);
        g32.forward(y32);
        for (int i = 0; i < y64.value().size(); i++) {
            assertEquals(y64.value().getFlat(i), y32.value().getFlat(i), 1e-4);
        }
    }

    @Test
    void pooling() {
        for (boolean max : new boolean[] {true, false}) {
            Graph g = new Graph(DType.F64);
            Node x = randomParam(g, "x", 51, 2, 3, 6, 5);
            Node y = max ? g.maxPool2d(x, 2, 2) : g.avgPool2d(x, 3, 1);
            assertEquals(max ? Tensor.shapeString(2, 3, 3, 2) : Tensor.shapeString(2, 3, 4, 3),
                    Tensor.shapeString(y.shape()));
            checkNode(g, y, x);
        }
    }

    @Test
    void layerNormWithGainAndBias() {
        Graph g = new Graph(DType.F64);
        Node x = randomParam(g, "x", 61, 3, 4, 6);
        Node gain = randomParam(g, "g", 62, 6);
        Node bias = randomParam(g, "b", 63, 6);
        Node y = g.layerNorm(x, gain, bias, 1e-5);
        checkNode(g, y, x, gain, bias);
        g.forward(y);
        // Each row of (y − b)/g has mean 0 and variance ≈ 1.
        double s = 0;
        for (int j = 0; j < 6; j++) {
            s += (y.value().get(1, 2, j) - bias.value().get(j)) / gain.value().get(j);
        }
        assertEquals(0, s, 1e-10);
    }

    @Test
    void embeddingWithRepeatedIndices() {
        Graph g = new Graph(DType.F64);
        Node idx = g.input("idx", 2, 3);
        double[] ids = {0, 4, 2, 4, 4, 1};
        for (int i = 0; i < ids.length; i++) {
            idx.value().setFlat(i, ids[i]);
        }
        Node table = randomParam(g, "table", 71, 5, 4);
        Node y = g.embedding(idx, table);
        assertEquals(Tensor.shapeString(2, 3, 4), Tensor.shapeString(y.shape()));
        checkNode(g, y, table);
        g.forward(y);
        assertEquals(table.value().get(4, 3), y.value().get(1, 1, 3), 0);
    }

    @Test
    void reshapeAndFlattenPassGradients() {
        Graph g = new Graph(DType.F64);
        Node x = randomParam(g, "x", 81, 2, 3, 4);
        Node w = randomParam(g, "w", 82, 5, 12);
        Node flat = g.flatten(g.tanh(x));
        Node direct = g.reshape(x, 2, 12);
        Node y = g.linear(g.add(flat, direct), w, null);
        Node back = g.reshape(g.tanh(y), 5, 2);
        checkNode(g, back, x, w);
    }

    @Test
    void causalSelfAttention() {
        Graph g = new Graph(DType.F64);
        Node qkv = randomParam(g, "qkv", 91, 2, 5, 12);
        Node y = g.causalSelfAttention(qkv, 2);
        assertEquals(Tensor.shapeString(2, 5, 4), Tensor.shapeString(y.shape()));
        checkNode(g, y, qkv);
    }

    @Test
    void attentionIsCausalAndMatchesTheDefinition() {
        Graph g = new Graph(DType.F64);
        Node qkv = randomParam(g, "qkv", 92, 1, 4, 6);
        Node y = g.causalSelfAttention(qkv, 1);
        g.forward(y);
        Tensor before = y.value().copy();
        // Changing the last position's key and value must not change earlier outputs.
        for (int c = 2; c < 6; c++) {
            qkv.value().set(qkv.value().get(0, 3, c) + 1.0, 0, 3, c);
        }
        g.forward(y);
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(before.get(0, i, c), y.value().get(0, i, c), 1e-14);
            }
        }
        // Row 1 by hand: softmax over j ≤ 1 of q1·k_j/√2, times v.
        double s0 = (qkv.value().get(0, 1, 0) * qkv.value().get(0, 0, 2)
                + qkv.value().get(0, 1, 1) * qkv.value().get(0, 0, 3)) / Math.sqrt(2);
        double s1 = (qkv.value().get(0, 1, 0) * qkv.value().get(0, 1, 2)
                + qkv.value().get(0, 1, 1) * qkv.value().get(0, 1, 3)) / Math.sqrt(2);
        double p0 = 1 / (1 + Math.exp(s1 - s0));
        double expect = p0 * qkv.value().get(0, 0, 4) + (1 - p0) * qkv.value().get(0, 1, 4);
        assertEquals(expect, y.value().get(0, 1, 0), 1e-12);
    }

    @Test
    void crossEntropyOverSequences() {
        Graph g = new Graph(DType.F64);
        Node z = randomParam(g, "z", 93, 2, 3, 7);
        Node y = g.input("y", 2, 3);
        for (int i = 0; i < 6; i++) {
            y.value().setFlat(i, (i * 3) % 7);
        }
        Node loss = g.softmaxCrossEntropy(z, y);
        g.forward(loss);
        g.backward(loss);
        GradCheck.check("softmax_cross_entropy [B, T, V]", z.value(), z.grad().copy(), () -> g.forward(loss), 1e-6,
                TOL);
    }

    @Test
    void shapeErrorsNameBothShapes() {
        Graph g = new Graph(DType.F64);
        Node x = g.input("x", 4, 3);
        Node w = g.param("w", Label.HIDDEN, 5, 7);
        ShapeException e = assertThrows(ShapeException.class, () -> g.linear(x, w, null));
        assertEquals("linear: input [4, 3] does not match weight [5, 7] (expected last axis 7)", e.getMessage());
        Node y = g.input("y", 3);
        ShapeException e2 = assertThrows(ShapeException.class, () -> g.softmaxCrossEntropy(x, y));
        assertEquals("softmax_cross_entropy: logits [4, 3] need 4 labels, got shape [3]", e2.getMessage());
    }

    @Test
    void labelsOutOfRangeAreRejected() {
        Graph g = new Graph(DType.F64);
        Node z = g.input("z", 2, 3);
        Node y = g.input("y", 2);
        y.value().set(3, 1);
        Node loss = g.softmaxCrossEntropy(z, y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.forward(loss));
        assertEquals("softmax_cross_entropy: label 3.0 at row 1 is not a class index in [0, 3)", e.getMessage());
    }
}
