package dev.curvature.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.Eigh;
import dev.curvature.core.linalg.Linalg;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.problems.classic.Quadratic;
import dev.curvature.problems.classic.Rosenbrock;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lanczos extreme eigenvalues against the dense eigensolver ({@link Linalg#eigh}) on random
 * symmetric matrices up to d = 500 (GOE, clustered ends, indefinite, definite) and on the exact
 * Hessians of the quadratic and Rosenbrock problems: |λ − λ_eigh| ≤ 1e-6, and the returned
 * λ_min vector's true residual ‖Hu − λu‖ small.
 */
class LanczosTest {
    private static final double ACCURACY = 1e-6;
    private static final Lanczos.Options TIGHT = new Lanczos.Options(40, 10, 1e-10, 5000);

    static Stream<Arguments> matrices() {
        return Stream.of(
                Arguments.of("goe", 10), Arguments.of("goe", 100), Arguments.of("goe", 500),
                Arguments.of("clustered", 60), Arguments.of("clustered", 500),
                Arguments.of("indefinite", 200), Arguments.of("indefinite", 500),
                Arguments.of("definite", 500), Arguments.of("tiny", 2));
    }

    static Tensor matrix(String kind, int n, RandomStream rng) {
        double[] lambda = new double[n];
        switch (kind) {
            case "goe" -> {
                return TestMatrices.goe(n, rng);
            }
            case "clustered" -> {
                // Ten eigenvalues within 1e-9 at each end, the rest spread between them.
                for (int i = 0; i < n; i++) {
                    if (i < 10) {
                        lambda[i] = -1 + 1e-10 * i;
                    } else if (i >= n - 10) {
                        lambda[i] = 5 - 1e-10 * (n - 1 - i);
                    } else {
                        lambda[i] = rng.nextDouble() * 4 - 0.5;
                    }
                }
            }
            case "indefinite" -> {
                for (int i = 0; i < n; i++) {
                    lambda[i] = -3 + 10 * rng.nextDouble();
                }
            }
            case "definite" -> {
                for (int i = 0; i < n; i++) {
                    lambda[i] = Math.pow(1e3, rng.nextDouble());
                }
            }
            case "tiny" -> {
                lambda[0] = -2;
                lambda[1] = 3;
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return TestMatrices.withSpectrum(lambda, rng);
    }

    @ParameterizedTest(name = "{0} d={1}")
    @MethodSource("matrices")
    void extremesMatchDenseEigensolver(String kind, int n) {
        RandomStream rng = RandomStream.of(1000 + n + kind.hashCode());
        Tensor a = matrix(kind, n, rng);
        Eigh e = Linalg.eigh(a);
        double min = e.values().get(0);
        double max = e.values().get(n - 1);
        Blocks like = Blocks.single(Tensor.zeros(DType.F64, n));
        Lanczos lanczos = new Lanczos(TIGHT);
        Lanczos.Result r = lanczos.compute(TestMatrices.operator(a), like, RandomStream.of(7), Lanczos.Target.BOTH);
        report(kind + " d=" + n, r, min, max);
        assertTrue(r.converged(), "converged");
        assertEquals(min, r.lambdaMin(), ACCURACY, "lambda_min");
        assertEquals(max, r.lambdaMax(), ACCURACY, "lambda_max");
        double scale = Math.max(Math.abs(min), Math.abs(max));
        assertTrue(TestMatrices.residual(a, r.minVector(), r.lambdaMin()) <= 1e-8 * scale,
                "true residual of the lambda_min vector");
        assertTrue(TestMatrices.residual(a, r.maxVector(), r.lambdaMax()) <= 1e-8 * scale,
                "true residual of the lambda_max vector");
        assertEquals(1.0, r.minVector().norm(), 1e-12);
    }

    @Test
    void quadraticHessianSpectrumIsRecovered() {
        int n = 300;
        Quadratic q = new Quadratic(n, 0.5, 80, 1, 3, DType.F64);
        Blocks x = q.initialPoint(RandomStream.of(1));
        Tensor h = TestMatrices.hessian(q, x);
        Eigh e = Linalg.eigh(h);
        Lanczos.Result r = new Lanczos(TIGHT).compute(new HessianOperator(HessianOperator.Mode.EXACT).bind(q, x), x,
                RandomStream.of(2), Lanczos.Target.BOTH);
        report("quadratic d=" + n, r, e.values().get(0), e.values().get(n - 1));
        assertEquals(e.values().get(0), r.lambdaMin(), ACCURACY);
        assertEquals(e.values().get(n - 1), r.lambdaMax(), ACCURACY);
        assertEquals(0.5, r.lambdaMin(), ACCURACY);
        assertEquals(80, r.lambdaMax(), ACCURACY);
    }

    @Test
    void float32OperandsConvergeToTheirPrecision() {
        Quadratic q = new Quadratic(100, 1, 20, 1, 4, DType.F32);
        Blocks x = q.initialPoint(RandomStream.of(1));
        Lanczos.Result r = new Lanczos(new Lanczos.Options(30, 8, 1e-5, 3000)).compute(
                new HessianOperator(HessianOperator.Mode.AUTO).bind(q, x), x, RandomStream.of(2), Lanczos.Target.BOTH);
        assertTrue(r.converged());
        assertEquals(DType.F32, r.minVector().tensor(0).dtype());
        assertEquals(1, r.lambdaMin(), 1e-4);
        assertEquals(20, r.lambdaMax(), 1e-4 * 20);
    }

    @ParameterizedTest(name = "rosenbrock d={0}")
    @MethodSource("rosenbrockSizes")
    void rosenbrockHessianAtRandomPoints(int n) {
        Rosenbrock f = new Rosenbrock(n, DType.F64);
        RandomStream rng = RandomStream.of(n);
        Lanczos lanczos = new Lanczos(TIGHT);
        for (int trial = 0; trial < 2; trial++) {
            Blocks x = Blocks.single(rng.fillUniform(Tensor.zeros(DType.F64, n), -1.5, 1.5));
            Tensor h = TestMatrices.hessian(f, x);
            Eigh e = Linalg.eigh(h);
            double min = e.values().get(0);
            double max = e.values().get(n - 1);
            Lanczos.Result r = lanczos.compute(new HessianOperator(HessianOperator.Mode.EXACT).bind(f, x), x,
                    RandomStream.of(trial), Lanczos.Target.BOTH);
            report("rosenbrock d=" + n + " point " + trial, r, min, max);
            assertTrue(r.converged());
            assertEquals(min, r.lambdaMin(), ACCURACY);
            assertEquals(max, r.lambdaMax(), ACCURACY);
            assertTrue(n < 50 || min < 0, "random points of a long Rosenbrock chain are indefinite");
            assertTrue(TestMatrices.residual(h, r.minVector(), r.lambdaMin()) <= 1e-8 * max);
        }
    }

    static Stream<Integer> rosenbrockSizes() {
        return Stream.of(2, 50, 500);
    }

    @Test
    void thickRestartsConvergeWithASmallBasis() {
        int n = 400;
        Tensor a = TestMatrices.goe(n, RandomStream.of(11));
        Eigh e = Linalg.eigh(a);
        Lanczos.Result r = new Lanczos(new Lanczos.Options(12, 4, 1e-10, 20_000)).compute(TestMatrices.operator(a),
                Blocks.single(Tensor.zeros(DType.F64, n)), RandomStream.of(3), Lanczos.Target.BOTH);
        report("goe d=400 basis 12", r, e.values().get(0), e.values().get(n - 1));
        assertTrue(r.restarts() >= 5, "restarts: " + r.restarts());
        assertTrue(r.converged());
        assertEquals(e.values().get(0), r.lambdaMin(), ACCURACY);
        assertEquals(e.values().get(n - 1), r.lambdaMax(), ACCURACY);
    }

    @Test
    void minTargetNeedsFewerProductsAndStillConverges() {
        int n = 300;
        Tensor a = matrix("indefinite", n, RandomStream.of(5));
        Eigh e = Linalg.eigh(a);
        Blocks like = Blocks.single(Tensor.zeros(DType.F64, n));
        Lanczos l = new Lanczos(TIGHT);
        Lanczos.Result both = l.compute(TestMatrices.operator(a), like, RandomStream.of(1), Lanczos.Target.BOTH);
        Lanczos.Result min = l.compute(TestMatrices.operator(a), like, RandomStream.of(1), Lanczos.Target.MIN);
        assertTrue(min.converged());
        assertTrue(min.hvps() <= both.hvps());
        assertEquals(e.values().get(0), min.lambdaMin(), ACCURACY);
        assertTrue(min.residualMin() <= 1e-10 * 7.1);
    }

    @Test
    void budgetStopsAnUnconvergedRunWithRitzValuesInsideTheSpectrum() {
        int n = 500;
        Tensor a = TestMatrices.goe(n, RandomStream.of(9));
        Eigh e = Linalg.eigh(a);
        Lanczos.Result r = new Lanczos(new Lanczos.Options(10, 3, 1e-12, 15)).compute(TestMatrices.operator(a),
                Blocks.single(Tensor.zeros(DType.F64, n)), RandomStream.of(1), Lanczos.Target.BOTH);
        assertEquals(15, r.hvps());
        assertTrue(!r.converged());
        assertTrue(r.restarts() >= 1);
        assertTrue(r.lambdaMin() >= e.values().get(0) - 1e-12, "Ritz values lie inside [λ_min, λ_max]");
        assertTrue(r.lambdaMax() <= e.values().get(n - 1) + 1e-12);
    }

    @Test
    void identityBreaksDownAtOnceWithExactEigenvalues() {
        int n = 50;
        Lanczos.Result r = new Lanczos(Lanczos.Options.defaults()).compute((v, out) -> out.assign(v).scale(2.5),
                Blocks.single(Tensor.zeros(DType.F64, n)), RandomStream.of(1), Lanczos.Target.BOTH);
        assertEquals(1, r.hvps());
        assertTrue(r.converged());
        assertEquals(2.5, r.lambdaMin(), 1e-14);
        assertEquals(2.5, r.lambdaMax(), 1e-14);
    }

    @Test
    void multiBlockOperandsAndWarmStart() {
        // A block-diagonal operator over two blocks of different shapes.
        RandomStream rng = RandomStream.of(4);
        Tensor a = TestMatrices.withSpectrum(new double[] {-4, 1, 2, 3, 7, 8}, rng);
        Blocks like = Blocks.builder().add("w", Tensor.zeros(DType.F64, 2, 2)).add("b", Tensor.zeros(DType.F64, 2))
                .build();
        SymmetricOperator op = (v, out) -> {
            double[] in = new double[6];
            System.arraycopy(v.tensor(0).toDoubleArray(), 0, in, 0, 4);
            System.arraycopy(v.tensor(1).toDoubleArray(), 0, in, 4, 2);
            for (int i = 0; i < 6; i++) {
                double s = 0;
                for (int j = 0; j < 6; j++) {
                    s += a.get(i, j) * in[j];
                }
                if (i < 4) {
                    out.tensor(0).setFlat(i, s);
                } else {
                    out.tensor(1).setFlat(i - 4, s);
                }
            }
        };
        Lanczos l = new Lanczos(Lanczos.Options.defaults());
        Lanczos.Result r = l.compute(op, like, rng, Lanczos.Target.BOTH);
        assertEquals(-4, r.lambdaMin(), 1e-10);
        assertEquals(8, r.lambdaMax(), 1e-10);
        Blocks start = r.minVector().copy();
        Lanczos.Result warm = l.compute(op, start, Lanczos.Target.MIN);
        assertEquals(-4, warm.lambdaMin(), 1e-10);
        assertTrue(warm.hvps() <= 2, "a warm start at the eigenvector converges at once: " + warm.hvps());
    }

    @Test
    void repeatedCallsReuseTheWorkspace() {
        int n = 2000;
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = Math.sin(i) * 3;
        }
        SymmetricOperator op = (v, out) -> {
            double[] x = v.tensor(0).doubleData();
            double[] y = out.tensor(0).doubleData();
            for (int i = 0; i < n; i++) {
                y[i] = diag[i] * x[i];
            }
        };
        Blocks like = Blocks.single(Tensor.zeros(DType.F64, n));
        Lanczos l = new Lanczos(new Lanczos.Options(20, 5, 1e-6, 200));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            RandomStream rng = RandomStream.of(attempt);
            l.compute(op, like, rng, Lanczos.Target.BOTH);
            long before = mx.getCurrentThreadAllocatedBytes();
            l.compute(op, like, rng, Lanczos.Target.BOTH);
            best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
        }
        // The workspace (22 vectors of 16 KB) is not reallocated: a call allocates its small result only.
        assertTrue(best < 8 * 1024, "bytes allocated by a repeated call: " + best);
    }

    private static void report(String what, Lanczos.Result r, double min, double max) {
        System.out.println(String.format(Locale.ROOT,
                "lanczos %-28s |dmin| %.2e |dmax| %.2e hvps %4d restarts %3d converged %s", what,
                Math.abs(r.lambdaMin() - min), Math.abs(r.lambdaMax() - max), r.hvps(), r.restarts(), r.converged()));
    }

    @Test
    void jacobiMatchesDenseEigensolver() {
        RandomStream rng = RandomStream.of(21);
        for (int n : new int[] {1, 2, 3, 7, 30}) {
            Tensor a = TestMatrices.goe(n, rng);
            JacobiEigen j = new JacobiEigen(40);
            j.decompose(a.toDoubleArray(), n, n);
            Eigh e = Linalg.eigh(a);
            for (int k = 0; k < n; k++) {
                assertEquals(e.values().get(k), j.values[k], 1e-13, "n=" + n + " k=" + k);
                // A v_k = λ_k v_k
                double res = 0;
                for (int i = 0; i < n; i++) {
                    double s = -j.values[k] * j.vectors[i * 40 + k];
                    for (int l = 0; l < n; l++) {
                        s += a.get(i, l) * j.vectors[l * 40 + k];
                    }
                    res = Math.max(res, Math.abs(s));
                }
                assertTrue(res < 1e-13, "residual " + res);
            }
            double[] sorted = Arrays.copyOf(j.values, n);
            Arrays.sort(sorted);
            assertTrue(Arrays.equals(sorted, Arrays.copyOf(j.values, n)), "ascending");
        }
    }
}
