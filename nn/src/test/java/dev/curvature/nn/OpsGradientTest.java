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
