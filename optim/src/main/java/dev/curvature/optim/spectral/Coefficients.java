package dev.curvature.optim.spectral;

/**
 * The published per-iteration coefficients (a, b, c) of the quintic Newton–Schulz step
 * X ← a·X + b·(XXᵀ)X + c·(XXᵀ)²X, which maps each singular value σ to p(σ) = aσ + bσ³ + cσ⁵.
 * Polar Express coefficients are not listed here: they are generated ({@link PolarExpress}).
 */
public final class Coefficients {
    private Coefficients() {}

    /**
     * Muon's quintic, repeated at every step (KellerJordan/Muon@muon.py): chosen to maximize the
     * slope at 0; the iteration does not converge to the polar factor but to singular values in
     * roughly [0.7, 1.2].
     */
    public static final double[] MUON = {3.4445, -4.7750, 2.0315};

    /** The "Muon+" per-iteration schedule of microsoft/dion (dion/newton_schulz_triton.py, 5 steps). */
    public static final double[][] MUON_PLUS = {
        {4.0848, -6.8946, 2.9270},
        {3.9505, -6.3029, 2.6377},
        {3.7418, -5.5913, 2.3037},
        {2.8769, -3.1427, 1.2046},
        {2.8366, -3.0525, 1.2012}};

    /**
     * Turbo-Muon's 4 steps after AOL preconditioning (modded-nanogpt record 2025-11-11_TurboMuon,
     * thib-s/flash-newton-schulz): the Muon+ schedule without its first step ("the simplest way to
     * obtain such coefficients is to simply drop the first iteration").
     */
    public static final double[][] TURBO_MUON = {
        MUON_PLUS[1], MUON_PLUS[2], MUON_PLUS[3], MUON_PLUS[4]};

    /**
     * The earlier Turbo-Muon coefficients found by a genetic search (flash-newton-schulz
     * {@code newton_schulz_triton_aol}, also microsoft/dion {@code newton_schulz_triton_fast}).
     */
    public static final double[][] TURBO_MUON_GA = {
        {4.6051, -9.6552, 5.6769},
        {4.7505, -6.0861, 2.1790},
        {2.7763, -2.3190, 0.5523},
        {2.4231, -2.2861, 0.8193}};

    /**
     * ROOT's shape-specific coefficients (huawei-noah/noah-research ROOT/examples/example_train.py,
     * {@code COEFF_MAP_CANONICAL}), keyed by (min dim, max dim). The paper's full table and its
     * fitting procedure were not published; every other shape uses Muon's quintic, as the code does.
     */
    private static final int[][] ROOT_SHAPES = {{2048, 2048}, {2048, 3072}, {2048, 8192}, {2048, 16384}};
    private static final double[][] ROOT_COEFFICIENTS = {
        {3.4916, -4.8224, 2.1095},
        {3.4509, -4.5790, 1.9325},
        {2.9794, -3.6674, 1.6207},
        {3.1943, -3.8221, 1.5322}};

    /** ROOT's (a, b, c) for an m×n matrix: the published entry for (min, max), else {@link #MUON}. */
    public static double[] root(int m, int n) {
        int lo = Math.min(m, n);
        int hi = Math.max(m, n);
        for (int i = 0; i < ROOT_SHAPES.length; i++) {
            if (ROOT_SHAPES[i][0] == lo && ROOT_SHAPES[i][1] == hi) {
                return ROOT_COEFFICIENTS[i].clone();
            }
        }
        return MUON.clone();
    }

    /** True when ROOT publishes coefficients for this shape. */
    public static boolean rootHasShape(int m, int n) {
        int lo = Math.min(m, n);
        int hi = Math.max(m, n);
        for (int[] s : ROOT_SHAPES) {
            if (s[0] == lo && s[1] == hi) {
                return true;
            }
        }
        return false;
    }

    /** {@code steps} copies of one triple. */
    public static double[][] repeat(double[] abc, int steps) {
        double[][] out = new double[steps][];
        for (int i = 0; i < steps; i++) {
            out[i] = abc.clone();
        }
        return out;
    }
}
