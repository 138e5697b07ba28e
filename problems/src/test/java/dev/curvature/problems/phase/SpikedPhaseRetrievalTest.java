package dev.curvature.problems.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.registry.Registries;
import dev.curvature.problems.ProblemRegistry;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spiked phase-retrieval problem: closed forms, gradients, metrics, allocation. */
class SpikedPhaseRetrievalTest {

    private static SpikedPhaseRetrieval spiked(double kappa, int samples, DType d) {
        return new SpikedPhaseRetrieval(6, 4, kappa, "spiked", 1.0, 0, samples, 0.5, 3, d);
    }

    private static Blocks point(SpikedPhaseRetrieval p, long seed) {
        return p.initialPoint(RandomStream.of(seed));
    }

    private static void checkGradient(SpikedPhaseRetrieval p, Blocks x) {
        Blocks g = x.zerosLike();
        p.valueAndGradient(x, g);
        Tensor w = x.tensor(0);
        double h = 1e-6;
        for (int i = 0; i < w.size(); i++) {
            double v = w.getFlat(i);
            w.setFlat(i, v + h);
            double fp = p.value(x);
            w.setFlat(i, v - h);
            double fm = p.value(x);
            w.setFlat(i, v);
            double fd = (fp - fm) / (2 * h);
            double an = g.tensor(0).getFlat(i);
            assertEquals(fd, an, 1e-6 * Math.max(1, Math.abs(fd)), "element " + i);
        }
    }

    @Test
    void populationAndEmpiricalGradientsMatchFiniteDifferences() {
        checkGradient(spiked(10, 0, DType.F64), point(spiked(10, 0, DType.F64), 1));
        checkGradient(spiked(10, 500, DType.F64), point(spiked(10, 500, DType.F64), 2));
        SpikedPhaseRetrieval pl = new SpikedPhaseRetrieval(6, 4, 0, "power_law", 1.5, 3, 0, 0.5, 4, DType.F64);
        checkGradient(pl, point(pl, 3));
    }

    @Test
    void populationLossIsTheExpectationOfTheEmpiricalLoss() {
        // 300 000 samples: the Monte Carlo error of the quartic form is about 1 %.
        SpikedPhaseRetrieval pop = new SpikedPhaseRetrieval(4, 2, 3, "spiked", 1, 0, 0, 0.7, 5, DType.F64);
        SpikedPhaseRetrieval emp = new SpikedPhaseRetrieval(4, 2, 3, "spiked", 1, 0, 300_000, 0.7, 5, DType.F64);
        Blocks x = point(pop, 6);
        double a = pop.value(x);
        double b = emp.value(x);
        assertEquals(a, b, 0.05 * a, "population " + a + " vs empirical " + b);
    }

    @Test
    void geometryAndMetrics() {
        SpikedPhaseRetrieval p = spiked(100, 0, DType.F64);
        assertEquals(1.0, p.signal().norm(), 1e-12);
        assertEquals(1.0, p.spike().norm(), 1e-12);
        assertEquals(0.0, p.signal().dot(p.spike()), 1e-12);
        // Σv = (1 + κ)v and Σw* = w*.
        Tensor sv = Tensor.zeros(DType.F64, 6);
        dev.curvature.core.linalg.Linalg.gemv(1, p.covariance(), p.spike(), 0, sv);
        assertEquals(101.0, sv.dot(p.spike()), 1e-9);
        // At W = √m·w*·e₁ᵀ: L = 0, a = 1, b = c = 0, alignment = top_cos = 1.
        Tensor w = Tensor.zeros(DType.F64, 6, 4);
        for (int i = 0; i < 6; i++) {
            w.set(2 * p.signal().get(i), i, 0);
        }
        Blocks x = Blocks.builder().add("W", "matrix", w).build();
        assertEquals(0.0, p.value(x), 1e-12);
        Map<String, Double> m = p.metrics(x);
        assertEquals(1.0, m.get("signal"), 1e-12);
        assertEquals(0.0, m.get("spike"), 1e-12);
        assertEquals(0.0, m.get("bulk"), 1e-6);
        assertEquals(1.0, m.get("alignment"), 1e-12);
        assertEquals(1.0, m.get("top_cos"), 1e-9);
        SpikedPhaseRetrieval pl = new SpikedPhaseRetrieval(8, 4, 0, "power_law", 1.0, 0, 0, 0.5, 4, DType.F64);
        double tr = 0;
        for (int i = 0; i < 8; i++) {
            tr += pl.covariance().get(i, i);
        }
        assertEquals(8.0, tr, 1e-9, "power-law spectrum normalised to tr Σ = d");
    }

    @Test
    void registryBuildsItAndRejectsBadValues() {
        var c = Registries.standard().problems().get("spiked_phase_retrieval");
        assertEquals("spiked_phase_retrieval", c.create().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.create(Map.of("covariance", "toeplitz")));
        assertEquals("spiked_phase_retrieval: covariance = toeplitz is not one of spiked, power_law", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.create(Map.of("kappa", -1.0)));
        assertEquals("spiked_phase_retrieval: kappa = -1.0 is outside [0, ∞)", e.getMessage());
    }

    @Test
    void gradientsAllocateNothingOnceWarm() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (DType d : DType.values()) {
            for (int n : new int[] {0, 64}) {
                SpikedPhaseRetrieval p = new SpikedPhaseRetrieval(12, 8, 10, "spiked", 1, 0, n, 0.1, 1, d);
                Blocks x = point(p, 1);
                Blocks g = x.zerosLike();
                long best = Long.MAX_VALUE;
                for (int attempt = 0; attempt < 6 && best > 0; attempt++) {
                    for (int i = 0; i < 3000; i++) {
                        p.valueAndGradient(x, g);
                    }
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 100; i++) {
                        p.valueAndGradient(x, g);
                    }
                    best = Math.min(best, mx.getCurrentThreadAllocatedBytes() - before);
                }
                assertTrue(best <= 64, d + " n=" + n + ": " + best + " bytes in 100 gradients");
            }
        }
    }
}
