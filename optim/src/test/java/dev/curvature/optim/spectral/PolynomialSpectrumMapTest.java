package dev.curvature.optim.spectral;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.testing.PublishedPolynomials;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Newton–Schulz engines act on singular values one by one: on G = Q1·diag(σ)·Q2ᵀ they return
 * Q1·diag(P(σ/d))·Q2ᵀ, with d the published normalisation and P the composition of the published
 * quintics. The expected singular values are computed here by iterating the scalar polynomials of
 * {@link PublishedPolynomials} in double, not from the engines' coefficients, and compared with the
 * singular values of the engines' output (LAPACK on the float64 copy). A swapped, mistyped or
 * misapplied coefficient moves them by far more than the rounding bound {@link #bound}.
 */
class PolynomialSpectrumMapTest {
    private static final int[][] SHAPES = {{24, 40}, {40, 24}};

    private static double unitRoundoff(DType d) {
        return d == DType.F64 ? 0x1p-53 : 0x1p-24;
    }

    private static double[] descending(double[] s) {
        double[] out = s.clone();
        Arrays.sort(out);
        for (int i = 0, j = out.length - 1; i < j; i++, j--) {
            double t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    private static double[] singularValues(Tensor x) {
        return descending(Linalg.svd(x.to(DType.F64)).s().toDoubleArray());
    }

    /**
     * A first-order bound on the distance of the computed singular values from the exact map,
     * for inputs with singular values in [0, x0]: a relative error n·u of the input (rounding G and
     * normalising it); per step, the rounding of the three products and two sums, 4·n·u times the
     * size |a|x + |b|x³ + |c|x⁵ of the terms, plus the error carried from the previous step times
     * the largest slope |p′| on [0, x + e] (which bounds the Fréchet derivative of the odd matrix
     * polynomial there); and the output's own SVD, n·u_64 times its largest singular value.
     */
    static double bound(double[][] schedule, int steps, double x0, int n, DType d) {
        double u = unitRoundoff(d);
        double x = x0;
        double e = n * u * x0;
        for (int t = 0; t < steps; t++) {
            double[] abc = schedule[Math.min(t, schedule.length - 1)];
            double top = x + e;
            double slope = 0;
            double next = 0;
            for (int i = 0; i <= 2000; i++) {
                double s = top * i / 2000;
                slope = Math.max(slope, Math.abs(PublishedPolynomials.slope(abc, s)));
                next = Math.max(next, Math.abs(PublishedPolynomials.apply(abc, s)));
            }
            double terms = Math.abs(abc[0]) * top + Math.abs(abc[1]) * Math.pow(top, 3) + Math.abs(abc[2]) * Math.pow(top, 5);
            e = slope * e + 4 * n * u * terms;
            x = next;
        }
        return e + n * 0x1p-53 * (x + e);
    }

    /** The expected descending singular values: σ/d mapped through the first {@code steps} quintics. */
    private static double[] expected(double[] sigma, double d, double[][] schedule, int steps) {
        double[] out = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            double x = sigma[i] / d;
            for (int t = 0; t < steps; t++) {
                x = PublishedPolynomials.apply(schedule[Math.min(t, schedule.length - 1)], x);
            }
            out[i] = x;
        }
        return descending(out);
    }

    private static double frobenius(double[] s) {
        double ss = 0;
        for (double v : s) {
            ss += v * v;
        }
        return Math.sqrt(ss);
    }

    /** Frobenius-normalised engines: X₀ = G/(s·‖G‖_F + ε) with the published s and ε. */
    private static void checkFrobenius(String engine, double[][] schedule, int steps, double s, double eps) {
        for (DType dt : DType.values()) {
            for (int[] shape : SHAPES) {
                int r = Math.min(shape[0], shape[1]);
                double[] sigma = PolarEnginesTest.logSpaced(r, 1e-3, 3.0);
                Tensor g = PolarEnginesTest.withSpectrum(dt, shape[0], shape[1], sigma, 41);
                Tensor out = Tensor.zeros(dt, shape[0], shape[1]);
                Polar.engine(engine).polar(g, out);
                double d = s * frobenius(sigma) + eps;
                double[] want = expected(sigma, d, schedule, steps);
                double[] got = singularValues(out);
                double tol = bound(schedule, steps, sigma[0] / d, Math.max(shape[0], shape[1]), dt);
                for (int i = 0; i < r; i++) {
                    assertTrue(Math.abs(got[i] - want[i]) <= tol, engine + " " + dt + " " + shape[0] + "×" + shape[1]
                            + ": σ_" + i + " = " + got[i] + ", the published map gives " + want[i] + " (bound " + tol + ")");
                }
            }
        }
    }

    @Test
    void ns5MapsEachSingularValueThroughMuonsQuinticFiveTimes() {
        checkFrobenius("ns5", new double[][] {PublishedPolynomials.MUON}, 5, 1.0, 1e-7);
    }

    @Test
    void muonPlusMapsEachSingularValueThroughDionsFiveQuintics() {
        checkFrobenius("muon_plus", PublishedPolynomials.MUON_PLUS, 5, 1.0, 1e-7);
    }

    @Test
    void polarExpressMapsEachSingularValueThroughThePublishedSchedule() {
        checkFrobenius("polar_express", PublishedPolynomials.POLAR_EXPRESS, 5, 1.02, 1e-6);
    }

    @Test
    void rootAtAnUnlistedShapeMapsThroughMuonsQuintic() {
        checkFrobenius("root", new double[][] {PublishedPolynomials.MUON}, 5, 1.0, 1e-7);
    }

    /**
     * AOL rescales the rows (wide) or columns (tall) of X = G/‖G‖_F by s_i = 1/√(Σ_j |XXᵀ|_ij). With
     * G = Q1·diag(σ)·Q2ᵀ and Q1 the real Fourier basis, σ equal on each cosine/sine pair, XXᵀ is a
     * symmetric circulant, every row has the same absolute sum S, and AOL is the scalar 1/√S: the
     * output singular values are the composed quintics at σ_i/(‖σ‖·√S), S computed here in double.
     */
    private static void checkAol(String engine, double[][] schedule) {
        for (DType dt : DType.values()) {
            for (int[] shape : SHAPES) {
                int m = shape[0];
                int n = shape[1];
                int r = Math.min(m, n);
                double[] sigma = new double[r];
                double[][] q1 = new double[r][r];
                for (int k = 0; k < r; k++) {
                    int f = (k + 1) / 2;
                    sigma[k] = 3.0 * Math.pow(1e-2, (double) f / (r / 2));
                    for (int j = 0; j < r; j++) {
                        double angle = 2 * Math.PI * f * j / r;
                        q1[j][k] = k == 0 ? 1 / Math.sqrt(r) : f == r / 2 ? Math.cos(angle) / Math.sqrt(r)
                                : Math.sqrt(2.0 / r) * (k % 2 == 1 ? Math.cos(angle) : Math.sin(angle));
                    }
                }
                double ss = 0;
                for (double v : sigma) {
                    ss += v * v;
                }
                double rowSum = 0;
                for (int j = 0; j < r; j++) {
                    double a0j = 0;
                    for (int k = 0; k < r; k++) {
                        a0j += q1[0][k] * sigma[k] * sigma[k] * q1[j][k] / ss;
                    }
                    rowSum += Math.abs(a0j);
                }
                double scale = Math.sqrt(ss) * Math.sqrt(Math.max(rowSum, 1e-7));
                Tensor us = Tensor.zeros(DType.F64, r, r);
                for (int i = 0; i < r; i++) {
                    for (int k = 0; k < r; k++) {
                        us.set(q1[i][k] * sigma[k], i, k);
                    }
                }
                Tensor v = RandomStream.of(43).haarOrthogonal(DType.F64, Math.max(m, n), r);
                Tensor wide = Linalg.matmul(us, v.t());
                Tensor g = (m <= n ? wide : wide.t().copy()).to(dt);
                Tensor out = Tensor.zeros(dt, m, n);
                Polar.engine(engine).polar(g, out);
                double[] want = expected(sigma, scale, schedule, schedule.length);
                double[] got = singularValues(out);
                double tol = bound(schedule, schedule.length, sigma[0] / scale, Math.max(m, n), dt);
                for (int i = 0; i < r; i++) {
                    assertTrue(Math.abs(got[i] - want[i]) <= tol, engine + " " + dt + " " + m + "×" + n + ": σ_" + i
                            + " = " + got[i] + ", the published map gives " + want[i] + " (bound " + tol + ")");
                }
            }
        }
    }

    @Test
    void turboMuonMapsAolScaledSingularValuesThroughMuonPlusLastFourQuintics() {
        checkAol("turbo_muon", PublishedPolynomials.TURBO_MUON);
    }

    @Test
    void turboMuonGaMapsAolScaledSingularValuesThroughTheGeneticSearchQuintics() {
        checkAol("turbo_muon_ga", PublishedPolynomials.TURBO_MUON_GA);
    }
}
