package dev.curvature.problems.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Label;
import dev.curvature.optim.Problem;
import java.util.Locale;

/**
 * A linear objective f(W) = ⟨G, W⟩ whose gradient is a fixed test matrix G ∈ R^{rows×cols}: with the
 * {@code polar_error} monitor it measures polar-factor engines on chosen spectra inside ordinary
 * experiment runs (the numerics reproduction of docs/spectral.md). Spectra:
 * <ul>
 *   <li>{@code gaussian}: G with i.i.d. N(0, 1) entries (singular values spread as Marchenko–Pastur,
 *       down to near 0 for square G);</li>
 *   <li>{@code ill_conditioned}: G = U·diag(σ)·Vᵀ with U, V Haar and σ log-spaced from 1 down to
 *       1/condition.</li>
 * </ul>
 * G is drawn from the instance {@code seed}; the block W (label {@link Label#HIDDEN}) starts at 0.
 * f is unbounded below, so runs on it are measurement probes (e.g. zero steps), not minimizations.
 */
public final class PolarProbe implements Problem {
    private final Tensor g;
    private final DType dtype;

    public PolarProbe(int rows, int cols, String spectrum, double condition, long seed, DType dtype) {
        String owner = "polar_probe";
        Check.atLeast(owner, "rows", rows, 1);
        Check.atLeast(owner, "cols", cols, 1);
        Check.range(owner, "condition", condition, 1, true, Double.POSITIVE_INFINITY, false);
        this.dtype = dtype;
        RandomStream rng = RandomStream.of(seed);
        String s = spectrum == null ? "" : spectrum.trim().toLowerCase(Locale.ROOT);
        Tensor m = switch (s) {
            case "gaussian" -> rng.fillNormal(Tensor.zeros(DType.F64, rows, cols), 0, 1);
            case "ill_conditioned" -> {
                int r = Math.min(rows, cols);
                Tensor u = rng.fork(0).haarOrthogonal(DType.F64, rows, r);
                Tensor v = rng.fork(1).haarOrthogonal(DType.F64, cols, r);
                for (int j = 0; j < r; j++) {
                    u.col(j).scale(Math.pow(condition, r == 1 ? 0 : -(double) j / (r - 1)));
                }
                yield Linalg.matmul(u, v.t());
            }
            default -> throw new IllegalArgumentException(owner + ": spectrum = " + spectrum
                    + " is not one of gaussian, ill_conditioned");
        };
        this.g = m.to(dtype);
    }

    @Override
    public String name() {
        return "polar_probe";
    }

    /** The test matrix G (the gradient everywhere). */
    public Tensor matrix() {
        return g;
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        return Blocks.builder().add("W", Label.HIDDEN, Tensor.zeros(dtype, g.rows(), g.cols())).build();
    }

    @Override
    public double value(Blocks x) {
        return g.dot(x.tensor(0));
    }

    @Override
    public double valueAndGradient(Blocks x, Blocks grad) {
        grad.tensor(0).assign(g);
        return g.dot(x.tensor(0));
    }
}
