package dev.curvature.diagnostics;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;

/** Dense symmetric test operators and the dense Hessian of a problem. */
final class TestMatrices {
    private TestMatrices() {}

    /** A dense symmetric matrix as an operator on one block x of length n. */
    static SymmetricOperator operator(Tensor a) {
        double[] data = a.toDoubleArray();
        int n = a.rows();
        return (v, out) -> {
            double[] x = v.tensor(0).doubleData();
            double[] y = out.tensor(0).doubleData();
            for (int i = 0; i < n; i++) {
                double s = 0;
                int o = i * n;
                for (int j = 0; j < n; j++) {
                    s += data[o + j] * x[j];
                }
                y[i] = s;
            }
        };
    }

    /** Q·diag(λ)·Qᵀ with Q Haar-random. */
    static Tensor withSpectrum(double[] lambda, RandomStream rng) {
        int n = lambda.length;
        Tensor q = rng.haarOrthogonal(DType.F64, n, n);
        Tensor qd = q.copy();
        for (int j = 0; j < n; j++) {
            qd.col(j).scale(lambda[j]);
        }
        return symmetrize(Linalg.matmul(qd, q.t()));
    }

    /** A GOE matrix (G + Gᵀ)/√(2n): semicircle spectrum on [−2, 2], indefinite. */
    static Tensor goe(int n, RandomStream rng) {
        Tensor g = rng.fillNormal(Tensor.zeros(DType.F64, n, n), 0, 1);
        Tensor a = Tensor.zeros(DType.F64, n, n);
        double c = 1 / Math.sqrt(2.0 * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.set(c * (g.get(i, j) + g.get(j, i)), i, j);
            }
        }
        return a;
    }

    static Tensor symmetrize(Tensor a) {
        int n = a.rows();
        Tensor s = Tensor.zeros(DType.F64, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s.set(0.5 * (a.get(i, j) + a.get(j, i)), i, j);
            }
        }
        return s;
    }

    /** The dense Hessian of a one-block problem at x, assembled column by column from n HVPs. */
    static Tensor hessian(Problem p, Blocks x) {
        int n = (int) x.size();
        Tensor h = Tensor.zeros(DType.F64, n, n);
        Blocks e = x.zerosLike();
        Blocks col = x.zerosLike();
        for (int j = 0; j < n; j++) {
            e.fill(0.0);
            e.tensor(0).set(1.0, j);
            p.hessianVectorProduct(x, e, col);
            for (int i = 0; i < n; i++) {
                h.set(col.tensor(0).get(i), i, j);
            }
        }
        return symmetrize(h);
    }

    /** ‖A·u − θu‖ for a dense A and a one-block u. */
    static double residual(Tensor a, Blocks u, double theta) {
        int n = a.rows();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = -theta * u.tensor(0).get(i);
            for (int j = 0; j < n; j++) {
                r += a.get(i, j) * u.tensor(0).get(j);
            }
            s += r * r;
        }
        return Math.sqrt(s);
    }
}
