package dev.curvature.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.nn.data.BatchSource;
import dev.curvature.nn.models.Mlp;
import dev.curvature.optim.Blocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The monitor's columns against a hand computation on softmax regression (an {@link Mlp} without
 * hidden layers), whose batch gradient is written out here independently of the graph:
 * ∇_W = (1/n)·Σ_i (p_i − e_{y_i})·x_iᵀ, ∇_b = (1/n)·Σ_i (p_i − e_{y_i}), p_i = softmax(W·x_i + b).
 */
class SecantSmoothnessMonitorTest {
    static final int IN = 3;
    static final int CLASSES = 2;
    static final int BATCH = 2;
    static final double LR = 0.7;

    /** Batch k: deterministic features and labels that differ from batch to batch. */
    static double[][] features(int k) {
        double[][] x = new double[BATCH][IN];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < IN; j++) {
                x[i][j] = Math.sin(1.3 * k + 0.7 * i + 1.9 * j) + 0.3 * (j - 1);
            }
        }
        return x;
    }

    static int label(int k, int i) {
        return (k + i) % 3 == 0 ? 1 : 0;
    }

    /** A source emitting batch 0, 1, 2, … */
    static final class Fixed implements BatchSource {
        int next;

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public void next(Tensor x, Tensor y) {
            double[][] f = features(next);
            for (int i = 0; i < BATCH; i++) {
                for (int j = 0; j < IN; j++) {
                    x.set(f[i][j], i, j);
                }
                y.set(label(next, i), i);
            }
            next++;
        }

        @Override
        public byte[] snapshot() {
            return new byte[] {(byte) next};
        }

        @Override
        public void restore(byte[] s) {
            next = s[0];
        }
    }

    /** Hand gradient of batch k at w = (W row-major [CLASSES×IN], b [CLASSES]). */
    static double[] gradient(int k, double[] w) {
        double[][] x = features(k);
        double[] g = new double[CLASSES * IN + CLASSES];
        for (int i = 0; i < BATCH; i++) {
            double[] z = new double[CLASSES];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                z[c] = w[CLASSES * IN + c];
                for (int j = 0; j < IN; j++) {
                    z[c] += w[c * IN + j] * x[i][j];
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                sum += Math.exp(z[c] - max);
            }
            for (int c = 0; c < CLASSES; c++) {
                double r = (Math.exp(z[c] - max) / sum - (label(k, i) == c ? 1 : 0)) / BATCH;
                for (int j = 0; j < IN; j++) {
                    g[c * IN + j] += r * x[i][j];
                }
                g[CLASSES * IN + c] += r;
            }
        }
        return g;
    }

    static double[] flat(Blocks b) {
        double[] out = new double[CLASSES * IN + CLASSES];
        Tensor w = b.tensor(0);
        Tensor bias = b.tensor(1);
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < IN; j++) {
                out[c * IN + j] = w.get(c, j);
            }
            out[CLASSES * IN + c] = bias.get(c);
        }
        return out;
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    record Trace(List<double[]> points, List<Map<String, Double>> columns) {}

    /** SGD w_{t+1} = w_t − LR·∇f_{S_t}(w_t) with the monitor called at every step, as {@code Run} does. */
    static Trace run(int steps, Integer interval) {
        ModelProblem p = new ModelProblem(new Mlp(IN, new int[0], CLASSES, Mlp.Activation.RELU), new Fixed(), BATCH,
                DType.F64);
        Blocks w = p.initialPoint(RandomStream.of(5));
        Blocks g = w.zerosLike();
        SecantSmoothnessMonitor m = interval == null ? null : new SecantSmoothnessMonitor(interval);
        List<double[]> points = new ArrayList<>();
        List<Map<String, Double>> columns = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            p.valueAndGradient(w, g);
            points.add(flat(w));
            columns.add(m == null ? Map.of() : m.measure(p, w, t));
            w.addScaled(-LR, g);
        }
        return new Trace(points, columns);
    }

    @Test
    void stochasticColumnIsThePapersConsecutiveBatchFormula() {
        Trace tr = run(8, 1);
        for (int t = 0; t < 8; t++) {
            Map<String, Double> c = tr.columns().get(t);
            if (t < 2) {
                assertTrue(c.isEmpty(), "no estimate before two steps were taken, t = " + t);
                continue;
            }
            int k = t - 1;
            double[] wk = tr.points().get(k);
            double[] wk1 = tr.points().get(k + 1);
            double dx = distance(wk1, wk);
            // L̂_k = ‖∇f_{S_k}(w_{k+1}) − ∇f_{S_{k−1}}(w_k)‖ / ‖w_{k+1} − w_k‖.
            double paper = distance(gradient(k, wk1), gradient(k - 1, wk)) / dx;
            double same = distance(gradient(k, wk1), gradient(k, wk)) / dx;
            double trainingGradients = distance(gradient(k + 1, wk1), gradient(k, wk)) / dx;
            assertEquals(paper, c.get(SecantSmoothnessMonitor.STOCHASTIC), 1e-12 * paper, "consecutive, t = " + t);
            assertEquals(same, c.get(SecantSmoothnessMonitor.BATCH), 1e-12 * same, "same batch, t = " + t);
            // The hand values tell the paper's form from the one made of training gradients alone.
            assertTrue(Math.abs(paper - trainingGradients) > 1e-3 * paper, "forms coincide at t = " + t);
        }
    }

    @Test
    void anIntervalMeasuresAtItsMultiplesWithTheSameValuesAndLeavesTrainingAlone() {
        Trace every = run(13, 1);
        for (int interval : new int[] {2, 3, 5}) {
            Trace sparse = run(13, interval);
            for (int t = 0; t < 13; t++) {
                Map<String, Double> c = sparse.columns().get(t);
                if (t % interval != 0 || t < 2) {
                    assertTrue(c.isEmpty(), "interval " + interval + ", t = " + t);
                } else {
                    for (String col : new String[] {SecantSmoothnessMonitor.BATCH, SecantSmoothnessMonitor.STOCHASTIC}) {
                        assertEquals(every.columns().get(t).get(col), c.get(col), 1e-14, col + ", t = " + t);
                    }
                }
            }
        }
        Trace none = run(13, null);
        for (int t = 0; t < 13; t++) {
            assertEquals(0.0, distance(none.points().get(t), every.points().get(t)), "iterate " + t);
        }
    }
}
