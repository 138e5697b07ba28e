package dev.curvature.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;

/** Central finite-difference checks of a graph's gradients, in float64. */
final class GradCheck {
    private GradCheck() {}

    /** A scalar function of the graph's current values (runs forward and returns the loss). */
    interface Loss {
        double eval();
    }

    /**
     * Compares the gradient in {@code grad} of {@code t} with central differences of {@code loss},
     * perturbing each element by h; asserts max |g − fd| / max(1, |g|, |fd|) ≤ tol.
     */
    static void check(String what, Tensor t, Tensor grad, Loss loss, double h, double tol) {
        double worst = 0;
        int at = -1;
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            t.setFlat(i, v + h);
            double up = loss.eval();
            t.setFlat(i, v - h);
            double down = loss.eval();
            t.setFlat(i, v);
            double fd = (up - down) / (2 * h);
            double g = grad.getFlat(i);
            double err = Math.abs(g - fd) / Math.max(1.0, Math.max(Math.abs(g), Math.abs(fd)));
            if (err > worst) {
                worst = err;
                at = i;
            }
        }
        assertTrue(worst <= tol, what + ": relative gradient error " + worst + " at element " + at + " exceeds " + tol);
    }

    /** Checks every parameter block of a graph whose loss node is {@code loss}. */
    static void checkParams(Graph g, Node loss, double tol) {
        g.forward(loss);
        g.backward(loss);
        Blocks p = g.parameters();
        Blocks d = g.gradients();
        Blocks saved = d.copy();
        for (int k = 0; k < p.count(); k++) {
            check(p.block(k).name(), p.tensor(k), saved.tensor(k), () -> g.forward(loss), 1e-6, tol);
        }
    }
}
