package dev.curvature.optim.testing;

/**
 * The published per-step coefficients (a, b, c) of the odd quintics p(σ) = aσ + bσ³ + cσ⁵ that the
 * Newton–Schulz engines apply, typed from the sources named at each table and not from the main
 * code, so that the tests comparing with them are independent of it.
 */
public final class PublishedPolynomials {
    private PublishedPolynomials() {}

    /** Muon's quintic, repeated at every step: KellerJordan/Muon, muon.py, {@code zeropower_via_newtonschulz5}. */
    public static final double[] MUON = {3.4445, -4.7750, 2.0315};

    /**
     * The Muon+ schedule, 5 steps: microsoft/dion@0a750c95c73e17213783f724c6bb397e0b3ebc43,
     * dion/newton_schulz_triton.py, {@code ns_consts} of {@code newton_schulz_triton}.
     */
    public static final double[][] MUON_PLUS = {
        {4.0848, -6.8946, 2.9270},
        {3.9505, -6.3029, 2.6377},
        {3.7418, -5.5913, 2.3037},
        {2.8769, -3.1427, 1.2046},
        {2.8366, -3.0525, 1.2012}};

    /**
     * Turbo-Muon (Boissin et al., arXiv 2512.04632; modded-nanogpt record 2025-11-11_TurboMuon):
     * Muon+ without its first step, after AOL preconditioning.
     */
    public static final double[][] TURBO_MUON = {
        {3.9505, -6.3029, 2.6377},
        {3.7418, -5.5913, 2.3037},
        {2.8769, -3.1427, 1.2046},
        {2.8366, -3.0525, 1.2012}};

    /**
     * Turbo-Muon's earlier genetic-search set: thib-s/flash-newton-schulz
     * {@code newton_schulz_triton_aol}; checked against microsoft/dion@0a750c95c73e17213783f724c6bb397e0b3ebc43,
     * dion/newton_schulz_triton.py, {@code ns_consts} of {@code newton_schulz_triton_fast}.
     */
    public static final double[][] TURBO_MUON_GA = {
        {4.6051, -9.6552, 5.6769},
        {4.7505, -6.0861, 2.1790},
        {2.7763, -2.3190, 0.5523},
        {2.4231, -2.2861, 0.8193}};

    /**
     * Polar Express (Amsel et al., arXiv 2505.16932) as published by the NanoGPT speedrun (record
     * 2025-09-29, train_gpt.py {@code polar_express_coeffs}) and microsoft/dion: five steps, applied
     * to X/(1.02·‖X‖_F + 1e-6).
     */
    public static final double[][] POLAR_EXPRESS = {
        {8.156554524902461, -22.48329292557795, 15.878769915207462},
        {4.042929935166739, -2.808917465908714, 0.5000178451051316},
        {3.8916678022926607, -2.772484153217685, 0.5060648178503393},
        {3.285753657755655, -2.3681294933425376, 0.46449024233003106},
        {2.3465413258596377, -1.7097828382687081, 0.42323551169305323}};

    /**
     * ROOT's shape-specific triples (He et al., arXiv 2511.20626; huawei-noah/noah-research,
     * ROOT/examples/example_train.py, {@code COEFF_MAP_CANONICAL} in {@code root5}), keyed by (min dim, max dim) as
     * in {@link #ROOT_SHAPES}; every other shape uses {@link #MUON}.
     */
    public static final double[][] ROOT = {
        {3.4916, -4.8224, 2.1095},
        {3.4509, -4.5790, 1.9325},
        {2.9794, -3.6674, 1.6207},
        {3.1943, -3.8221, 1.5322}};

    /** The (min dim, max dim) of each {@link #ROOT} row. */
    public static final int[][] ROOT_SHAPES = {{2048, 2048}, {2048, 3072}, {2048, 8192}, {2048, 16384}};

    /** p(σ) = aσ + bσ³ + cσ⁵. */
    public static double apply(double[] abc, double s) {
        double s2 = s * s;
        return s * (abc[0] + s2 * (abc[1] + s2 * abc[2]));
    }

    /** p′(σ) = a + 3bσ² + 5cσ⁴. */
    public static double slope(double[] abc, double s) {
        double s2 = s * s;
        return abc[0] + s2 * (3 * abc[1] + 5 * abc[2] * s2);
    }
}
