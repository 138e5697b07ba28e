package dev.curvature.bench.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one-pass kernels against naive two-pass loops, for shapes off the panel and vector sizes. */
class FusedGemvTest {

    private static double[] random(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() * 2 - 1;
        }
        return x;
    }

    @ParameterizedTest(name = "m={0} n={1} threads={2}")
    @CsvSource({"1,1,1", "5,3,1", "37,19,2", "64,64,3", "101,257,4", "16,8,2"})
    void phaseRetrievalMatchesNaiveLoops(int m, int n, int threads) {
        SplittableRandom r = new SplittableRandom(m * 31L + n);
        int off = 3;
        double[] a = random(r, off + m * n);
        double[] x = random(r, n);
        double[] v = random(r, n);
        double[] y2 = random(r, m);
        for (int i = 0; i < m; i++) {
            y2[i] = y2[i] * y2[i];
        }
        double[] g = new double[n];
        double[] hv = new double[n];
        double f = 0;
        for (int i = 0; i < m; i++) {
            double z = 0;
            double u = 0;
            for (int j = 0; j < n; j++) {
                z += a[off + i * n + j] * x[j];
                u += a[off + i * n + j] * v[j];
            }
            double res = y2[i] - z * z;
            f += 0.25 * res * res;
            for (int j = 0; j < n; j++) {
                g[j] += -res * z * a[off + i * n + j];
                hv[j] += (3 * z * z - y2[i]) * u * a[off + i * n + j];
            }
        }
        PhaseRetrievalKernel k = new PhaseRetrievalKernel(a, off, m, n, y2, threads);
        double[] gk = new double[n];
        double[] hk = new double[n];
        java.util.Arrays.fill(gk, Double.NaN); // overwritten, not accumulated
        double fk = k.valueAndGradient(x, gk);
        k.hessianVectorProduct(x, v, hk);
        assertEquals(f, fk, 1e-12 * Math.max(1, f));
        assertEquals(f, k.value(x), 1e-12 * Math.max(1, f));
        for (int j = 0; j < n; j++) {
            assertEquals(g[j], gk[j], 1e-11 * (1 + Math.abs(g[j])), "gradient " + j);
            assertEquals(hv[j], hk[j], 1e-11 * (1 + Math.abs(hv[j])), "hvp " + j);
        }
        // A product at a new point (two inner products per row), then again there (z reused), then
        // after x changes in place: all agree with the naive loop.
        double[] fresh = new double[n];
        k.hessianVectorProduct(v, x, fresh); // at the point v, direction x
        double[] naive = new double[n];
        for (int i = 0; i < m; i++) {
            double z = 0;
            double u = 0;
            for (int j = 0; j < n; j++) {
                z += a[off + i * n + j] * v[j];
                u += a[off + i * n + j] * x[j];
            }
            for (int j = 0; j < n; j++) {
                naive[j] += (3 * z * z - y2[i]) * u * a[off + i * n + j];
            }
        }
        double[] reused = new double[n];
        k.hessianVectorProduct(v, x, reused);
        for (int j = 0; j < n; j++) {
            assertEquals(naive[j], fresh[j], 1e-11 * (1 + Math.abs(naive[j])), "fresh hvp " + j);
            assertEquals(naive[j], reused[j], 1e-11 * (1 + Math.abs(naive[j])), "reused hvp " + j);
        }
        double[] moved = v.clone();
        v[0] += 0.5; // in place: the kernel must notice
        k.hessianVectorProduct(v, x, reused);
        double[] expected = new double[n];
        new PhaseRetrievalKernel(a, off, m, n, y2, 1).hessianVectorProduct(v, x, expected);
        for (int j = 0; j < n; j++) {
            assertEquals(expected[j], reused[j], 1e-11 * (1 + Math.abs(expected[j])), "moved hvp " + j);
        }
        System.arraycopy(moved, 0, v, 0, n);
        // Deterministic for a fixed thread count.
        double[] again = new double[n];
        k.valueAndGradient(x, again);
        for (int j = 0; j < n; j++) {
            assertEquals(gk[j], again[j], 0);
        }
    }

    @ParameterizedTest(name = "m={0} n={1}")
    @CsvSource({"200,30", "40,7"})
    void hessianVectorProductIsTheDerivativeOfTheGradient(int m, int n) {
        SplittableRandom r = new SplittableRandom(5);
        double[] a = random(r, m * n);
        double[] y2 = random(r, m);
        for (int i = 0; i < m; i++) {
            y2[i] = y2[i] * y2[i];
        }
        double[] x = random(r, n);
        double[] v = random(r, n);
        PhaseRetrievalKernel k = new PhaseRetrievalKernel(a, 0, m, n, y2, 2);
        double h = 1e-5;
        double[] xp = x.clone();
        double[] xm = x.clone();
        for (int j = 0; j < n; j++) {
            xp[j] += h * v[j];
            xm[j] -= h * v[j];
        }
        double[] gp = new double[n];
        double[] gm = new double[n];
        double fp = k.valueAndGradient(xp, gp);
        double fm = k.valueAndGradient(xm, gm);
        double[] g = new double[n];
        k.valueAndGradient(x, g);
        double[] hv = new double[n];
        k.hessianVectorProduct(x, v, hv);
        double dir = 0;
        for (int j = 0; j < n; j++) {
            dir += g[j] * v[j];
            assertEquals((gp[j] - gm[j]) / (2 * h), hv[j], 1e-6 * (1 + Math.abs(hv[j])));
        }
        assertEquals((fp - fm) / (2 * h), dir, 1e-6 * (1 + Math.abs(dir)));
    }

    @org.junit.jupiter.api.Test
    void shapesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new PhaseRetrievalKernel(new double[10], 0, 3, 4,
                new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> new PhaseRetrievalKernel(new double[12], 0, 3, 4,
                new double[2], 1));
        assertThrows(IllegalArgumentException.class, () -> new FusedGemv(4, 0));
    }
}
