package dev.curvature.lab.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.testing.StoredResults;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same spec and seed run twice, into two folders, store bitwise-identical results: every
 * metric row and every run's status, stop reason, steps and final values. The number of workers
 * does not change a bit either (kernel threads do not follow the worker count). The sweep mixes
 * small and larger quadratics (the latter above the native kernels' size threshold), a chain with
 * a schedule, sign-based updates, and a step size that diverges.
 */
class DeterminismTest {
    static final String SPEC = """
            name: determinism
            seed: 11
            repeats: 2
            problem: {name: quadratic, n: 40, mu: 0.1, L: 10.0, seed: 5}
            optimizers:
              gd: {name: gd, lr: 0.08}
              adam: {name: adam, lr: 0.02}
              lion: {name: lion, lr: 0.001}
              chained:
                chain:
                  - {name: clip_by_global_norm, max_norm: 1}
                  - {name: scale_by_adam}
                  - {name: add_decayed_weights, weight_decay: 1.0e-4}
                  - {name: scale_by_learning_rate, lr: {schedule: warmup_cosine, peak: 0.05, warmup: 50, total: 400}}
              too-fast: {name: gd, lr: 5.0}
            grid:
              problem.n: [40, 400]
            stop: {max_steps: 400, grad_norm: 1.0e-9}
            run: {record_every: 1, checkpoint_every: 64}
            monitors:
              - {name: param_norm, every: 7}
            """;

    @TempDir
    Path tmp;

    private StoredResults run(String folder, int workers) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC, "determinism.yaml");
        Path out = tmp.resolve(folder);
        try (ResultStore store = ResultStore.open(out)) {
            Runner.Outcome o = new Runner(store).run(spec, new Runner.Options(workers, false, Progress.silent()));
            assertEquals(20, o.total());
            assertEquals(0, o.failed(), () -> o.failures().toString());
            assertEquals(4, o.diverged(), "the too-fast runs diverge");
        }
        return StoredResults.read(out, "determinism");
    }

    @Test
    void sameSpecTwiceAndAnyWorkerCountStoreBitwiseIdenticalResults() throws Exception {
        StoredResults first = run("first", 2);
        assertTrue(first.metrics().size() > 10_000, first.metrics().size() + " metric rows");
        StoredResults second = run("second", 2);
        StoredResults.assertSameResults(first, second, "second run, 2 workers");
        StoredResults oneWorker = run("one-worker", 1);
        StoredResults.assertSameResults(first, oneWorker, "1 worker against 2");
    }
}
