package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * ROOT's robust orthogonalization (He et al., "ROOT: robust orthogonalized optimizer", arXiv
 * 2511.20626; huawei-noah/noah-research ROOT/examples/example_train.py), for each A×B block of the
 * (Nesterov) momentum U:
 *
 * <pre>
 * ε = quantile_q(|U|) + 1e-9                 # q = 0.9; linear interpolation as torch.quantile
 * O = sign(U)·max(|U| − ε, 0)                # the "outliers", dropped
 * B = U − O = clip(U, −ε, ε)
 * X = NS(B/(‖B‖_F + 1e-7)) with ROOT's shape-specific (a, b, c), 5 steps
 * u = 0.2·√max(A, B)·X                       # Moonlight scaling
 * </pre>
 *
 * So about 1 − q of the entries (those above the quantile) are clipped. The quantile is found by
 * selection in a reused float64 buffer (no sort, no allocation).
 */
public final class RootOrthogonalize implements Transform {
    private final double quantile;
    private final State.Key<SpectralBlocks> blocks;

    public RootOrthogonalize(int steps, double quantile) {
        this.quantile = Check.range("root", "quantile", quantile, 0, true, 1, true);
        Check.atLeast("root", "root_steps", steps, 1);
        this.blocks = SpectralBlocks.key("root", false, NewtonSchulz.root(steps));
    }

    @Override
    public String name() {
        return "root_orthogonalize";
    }

    /** The float64 buffer of the quantile selection, grown to the largest block. */
    private static final class Scratch {
        double[] values = new double[0];
    }

    private static final State.Key<Scratch> SCRATCH = new State.Key<>("root.scratch", Scratch::new);

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check("root", params, false);
        return new State(name());
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        SpectralBlocks b = state.attachment(blocks);
        Tensor[] mats = b.of(updates);
        Scratch sc = state.attachment(SCRATCH);
        for (int k = 0; k < mats.length; k++) {
            Tensor u = updates.tensor(k);
            if (sc.values.length < u.size()) {
                sc.values = new double[u.size()];
            }
            double eps = clip(u, quantile, sc.values);
            ctx.metric("root_threshold", eps);
            Tensor m = mats[k];
            b.engine(k).polar(m, m);
            m.scale(0.2 * Math.sqrt(Math.max(m.rows(), m.cols())));
        }
    }

    /**
     * u ← clip(u, −ε, ε) with ε = quantile_q(|u|) + 1e-9 (linear interpolation between order
     * statistics at q·(n − 1)); returns ε. {@code scratch} holds at least u.size() doubles.
     */
    static double clip(Tensor u, double q, double[] scratch) {
        int n = u.size();
        Float64Chunks s = Float64Chunks.local();
        for (int start = 0; start < n; start += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, n - start);
            double[] x = s.load(0, u, start, len);
            for (int i = 0; i < len; i++) {
                scratch[start + i] = Math.abs(x[i]);
            }
        }
        double pos = q * (n - 1);
        int lo = (int) Math.floor(pos);
        double vlo = select(scratch, n, lo);
        double value = vlo;
        if (pos > lo) {
            // After selection everything right of lo is ≥ its value: the next order statistic is their minimum.
            double vhi = Double.POSITIVE_INFINITY;
            for (int i = lo + 1; i < n; i++) {
                vhi = Math.min(vhi, scratch[i]);
            }
            value = vlo + (pos - lo) * (vhi - vlo);
        }
        double eps = value + 1e-9;
        for (int start = 0; start < n; start += Float64Chunks.CHUNK) {
            int len = Math.min(Float64Chunks.CHUNK, n - start);
            double[] x = s.load(0, u, start, len);
            for (int i = 0; i < len; i++) {
                x[i] = Math.max(-eps, Math.min(eps, x[i]));
            }
            s.store(x, u, start, len);
        }
        return eps;
    }

    /** The k-th smallest of a[0..n) (0-based), partially reordering a (Hoare quickselect, median of three). */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    @Override
    public String toString() {
        return "root_orthogonalize(quantile=" + quantile + ")";
    }
}
