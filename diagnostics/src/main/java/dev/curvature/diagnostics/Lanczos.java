package dev.curvature.diagnostics;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;

/**
 * Extreme eigenvalues λ_min and λ_max of a symmetric operator given only through its products
 * (Hessian-vector products), with the eigenvector of λ_min: the direction of most negative
 * curvature at a saddle.
 *
 * <p><b>Method.</b> Thick-restart Lanczos (Wu &amp; Simon, SIAM J. Matrix Anal. Appl. 22(2), 2000;
 * Lanczos 1950) with <i>full</i> reorthogonalization:
 * <ol>
 *   <li>From a unit start vector v₀ (Gaussian from a {@link RandomStream}, or given), each step
 *       applies the operator once, w = H·v_j, and orthogonalizes w against every basis vector
 *       v₀…v_j by classical Gram–Schmidt applied twice ("twice is enough", Giraud et al. 2005);
 *       the coefficients fill column j of the projected matrix S = VᵀHV, and v_{j+1} = w/β_j.</li>
 *   <li>After every step the Rayleigh–Ritz problem S = YΘYᵀ is solved ({@link JacobiEigen}, cyclic
 *       Jacobi on the small dense S, which after a restart is arrowhead plus tridiagonal rather than
 *       tridiagonal). The Ritz pair (θ, u = Vy) has the residual ‖Hu − θu‖ = β_j·|y_last|,
 *       available without another product.</li>
 *   <li>The wanted end(s) converge when their residuals are at most {@code tol}·max(|θ_min|,
 *       |θ_max|), an estimate of ‖H‖; then |λ − θ| ≤ residual, and ≤ residual²/gap when the
 *       eigenvalue is isolated.</li>
 *   <li>When the basis holds {@code basis} vectors it is restarted thickly: the {@code keep}
 *       Ritz vectors nearest each wanted end are kept (one from an unwanted end, which keeps the
 *       scale estimate), followed by v_{j+1}; their couplings to v_{j+1} are recomputed by the next
 *       orthogonalization. Thick restart keeps the converging directions, so a restart costs no
 *       progress, unlike an explicit restart from one Ritz vector.</li>
 *   <li>The run stops unconverged after {@code maxHvps} products and returns the current Ritz
 *       values (each lies in [λ_min, λ_max], so an unconverged θ_min over-estimates λ_min).</li>
 * </ol>
 * A breakdown (β_j = 0) means the Krylov space is invariant; its Ritz pairs are then exact and the
 * residuals zero. For a random start vector the space contains a component of every eigenspace
 * with probability one, so the extremes are those of H.
 *
 * <p><b>Cost and memory.</b> One operator product per step, O(basis·d) vector work per step for
 * the reorthogonalization, and basis + 1 + 2·keep + 3 vectors of the operand's structure (the
 * basis, the kept Ritz vectors on a restart, w and the two returned Ritz vectors). The workspace
 * is kept across calls and reallocated only when the structure (block names, shapes, dtypes)
 * changes, so a monitor calling this every k steps allocates only the small result.
 * Instances are not thread-safe.
 */
public final class Lanczos {

    /** Which end(s) of the spectrum must converge. */
    public enum Target {
        /** λ_min only (e.g. a second-order certificate). */
        MIN,
        /** λ_max only (e.g. a smoothness constant). */
        MAX,
        /** Both ends. */
        BOTH
    }

    /**
     * Settings.
     *
     * @param basis   maximum basis size before a thick restart (≥ 3, capped at the dimension)
     * @param keep    Ritz vectors kept at each wanted end on a restart (≥ 1; capped so that a cycle
     *                adds at least one new vector)
     * @param tol     relative residual tolerance: ‖Hu − θu‖ ≤ tol·‖H‖ (‖H‖ estimated by the Ritz values);
     *                float32 operands reach about 1e-6, central-difference products about 1e-8
     * @param maxHvps maximum number of operator products (≥ 1)
     */
    public record Options(int basis, int keep, double tol, int maxHvps) {
        public Options {
            Check.atLeast("lanczos", "basis", basis, 3);
            Check.atLeast("lanczos", "keep", keep, 1);
            Check.range("lanczos", "tol", tol, 0, true, 1, false);
            Check.atLeast("lanczos", "max_hvps", maxHvps, 1);
        }

        /** basis 30, keep 8, tol 1e-8, at most 300 products. */
        public static Options defaults() {
            return new Options(30, 8, 1e-8, 300);
        }

        /** These settings with another tolerance. */
        public Options withTol(double t) {
            return new Options(basis, keep, t, maxHvps);
        }

        /** These settings with another product budget. */
        public Options withMaxHvps(int m) {
            return new Options(basis, keep, tol, m);
        }
    }

    /**
     * The outcome of one call.
     *
     * @param lambdaMin   smallest Ritz value
     * @param lambdaMax   largest Ritz value
     * @param residualMin ‖Hu_min − θ_min·u_min‖ (estimate β·|y_last|)
     * @param residualMax the same for λ_max
     * @param hvps        operator products used
     * @param restarts    thick restarts performed
     * @param converged   whether the wanted end(s) met the tolerance
     * @param minVector   the unit Ritz vector of λ_min (owned by the {@link Lanczos} instance and
     *                    overwritten by its next call: copy it to keep it)
     * @param maxVector   the unit Ritz vector of λ_max (same ownership)
     */
    public record Result(double lambdaMin, double lambdaMax, double residualMin, double residualMax, int hvps,
                         int restarts, boolean converged, Blocks minVector, Blocks maxVector) {}

    private final Options options;
    private Blocks[] basisVectors;
    private Blocks[] kept;
    private Blocks w;
    private Blocks minVector;
    private Blocks maxVector;
    private int capacity;
    private double[] projected;
    private double[] symmetric;
    private JacobiEigen eigen;

    /** A solver with these settings; its workspace is allocated on the first call. */
    public Lanczos(Options options) {
        this.options = options;
    }

    /** The settings. */
    public Options options() {
        return options;
    }

    /**
     * Runs Lanczos on {@code op} from a Gaussian start vector drawn from {@code rng}; {@code like}
     * gives the structure of the operand (e.g. the point x of a Hessian).
     */
    public Result compute(SymmetricOperator op, Blocks like, RandomStream rng, Target target) {
        ensure(like);
        Blocks v0 = basisVectors[0];
        for (int i = 0; i < v0.count(); i++) {
            rng.fillNormal(v0.tensor(i), 0.0, 1.0);
        }
        return run(op, target);
    }

    /**
     * Runs Lanczos on {@code op} from {@code start} (any nonzero vector of the operand's structure,
     * e.g. the previous call's {@link Result#minVector()} for a warm start; it is not modified).
     */
    public Result compute(SymmetricOperator op, Blocks start, Target target) {
        ensure(start);
        basisVectors[0].assign(start);
        return run(op, target);
    }

    private void ensure(Blocks structure) {
        if (Workspaces.sameStructure(w, structure)) {
            return;
        }
        long d = structure.size();
        if (d < 1) {
            throw new IllegalArgumentException("lanczos: the operand has no elements");
        }
        capacity = (int) Math.min(options.basis(), d);
        basisVectors = new Blocks[capacity + 1];
        for (int i = 0; i <= capacity; i++) {
            basisVectors[i] = structure.zerosLike();
        }
        kept = new Blocks[Math.min(2 * options.keep(), Math.max(0, capacity - 1))];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = structure.zerosLike();
        }
        w = structure.zerosLike();
        minVector = structure.zerosLike();
        maxVector = structure.zerosLike();
        projected = new double[capacity * capacity];
        symmetric = new double[capacity * capacity];
        eigen = new JacobiEigen(capacity);
    }

    private Result run(SymmetricOperator op, Target target) {
        final int m = capacity;
        final long dim = w.size();
        Blocks[] v = basisVectors;
        double norm0 = v[0].norm();
        if (!(norm0 > 0) || !Double.isFinite(norm0)) {
            throw new IllegalArgumentException("lanczos: the start vector has norm " + norm0);
        }
        v[0].scale(1 / norm0);
        java.util.Arrays.fill(projected, 0.0);
        boolean wantMin = target != Target.MAX;
        boolean wantMax = target != Target.MIN;
        // Kept per end on a restart: `keep` at a wanted end, one at the other, at most m − 1 in all.
        int keepLow = wantMin ? options.keep() : 1;
        int keepHigh = wantMax ? options.keep() : 1;
        while (keepLow + keepHigh > m - 1 && (keepLow > 1 || keepHigh > 1)) {
            if (keepLow >= keepHigh) {
                keepLow--;
            } else {
                keepHigh--;
            }
        }
        int hvps = 0;
        int restarts = 0;
        int j = 0;
        double beta;
        int nv;
        boolean converged;
        double resMin;
        double resMax;
        while (true) {
            op.apply(v[j], w);
            hvps++;
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i <= j; i++) {
                    double c = v[i].dot(w);
                    projected[i * m + j] += c;
                    w.addScaled(-c, v[i]);
                }
            }
            beta = w.norm();
            nv = j + 1;
            rayleighRitz(nv);
            double thetaMin = eigen.values[0];
            double thetaMax = eigen.values[nv - 1];
            double scale = Math.max(Math.abs(thetaMin), Math.abs(thetaMax));
            int s = eigen.stride();
            resMin = beta * Math.abs(eigen.vectors[(nv - 1) * s]);
            resMax = beta * Math.abs(eigen.vectors[(nv - 1) * s + nv - 1]);
            double bound = options.tol() * scale;
            // β = 0: the Krylov space is invariant and its Ritz pairs are exact. A β at rounding level
            // instead gives a rounding-noise direction, which full reorthogonalization turns into a
            // valid new basis vector (a random restart in effect).
            boolean exhausted = nv >= dim || beta == 0;
            converged = exhausted || ((!wantMin || resMin <= bound) && (!wantMax || resMax <= bound));
            if (converged || hvps >= options.maxHvps()) {
                if (exhausted) {
                    resMin = Math.min(resMin, beta);
                    resMax = Math.min(resMax, beta);
                }
                break;
            }
            v[j + 1].assign(w).scale(1 / beta);
            if (nv < m) {
                j++;
                continue;
            }
            // Thick restart: Ritz vectors of both ends, then the residual direction v_m.
            int kNew = 0;
            for (int r = 0; r < keepLow; r++) {
                combine(nv, r, kept[kNew++]);
            }
            for (int r = nv - keepHigh; r < nv; r++) {
                combine(nv, r, kept[kNew++]);
            }
            java.util.Arrays.fill(projected, 0.0);
            for (int r = 0; r < kNew; r++) {
                int col = r < keepLow ? r : nv - keepHigh + (r - keepLow);
                projected[r * m + r] = eigen.values[col];
                Blocks t = v[r];
                v[r] = kept[r];
                kept[r] = t;
            }
            Blocks t = v[kNew];
            v[kNew] = v[nv];
            v[nv] = t;
            j = kNew;
            restarts++;
        }
        combine(nv, 0, minVector);
        combine(nv, nv - 1, maxVector);
        normalize(minVector);
        normalize(maxVector);
        return new Result(eigen.values[0], eigen.values[nv - 1], resMin, resMax, hvps, restarts, converged,
                minVector, maxVector);
    }

    /** Eigendecomposition of the symmetric projected matrix of the first nv basis vectors. */
    private void rayleighRitz(int nv) {
        final int m = capacity;
        for (int i = 0; i < nv; i++) {
            symmetric[i * m + i] = projected[i * m + i];
            for (int l = i + 1; l < nv; l++) {
                // Column l holds the Gram–Schmidt coefficients v_iᵀHv_l, i ≤ l: mirror them.
                double x = projected[i * m + l];
                symmetric[i * m + l] = x;
                symmetric[l * m + i] = x;
            }
        }
        eigen.decompose(symmetric, m, nv);
    }

    /** out ← Σ_i Y[i, col]·v_i, the Ritz vector of Ritz value {@code col}. */
    private void combine(int nv, int col, Blocks out) {
        int s = eigen.stride();
        out.fill(0.0);
        for (int i = 0; i < nv; i++) {
            out.addScaled(eigen.vectors[i * s + col], basisVectors[i]);
        }
    }

    private static void normalize(Blocks b) {
        double n = b.norm();
        if (n > 0) {
            b.scale(1 / n);
        }
    }
}
