package dev.curvature.lab.runner;

import dev.curvature.core.backend.Backends;
import dev.curvature.core.random.RandomStream;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.optim.Problem;
import dev.curvature.optim.Transform;
import dev.curvature.optim.run.NonFiniteException;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes the runs of an experiment on parallel workers and stores them.
 *
 * <p>Every run is planned before any starts ({@link #plan}), so a spec error stops everything
 * before a single result is written. Each run checkpoints its complete state (iterate, optimizer
 * state, random stream, counters) after committing its logged rows, in that order; after a crash,
 * {@code resume} restarts each unfinished run from its last checkpoint, deletes rows logged after
 * it, and recomputes them. Runs are deterministic, so resumed trajectories are bitwise those of an
 * uninterrupted run.
 */
public final class Runner {
    /** Wall-clock interval between checkpoints when the spec sets no {@code checkpoint_every}. */
    static final long CHECKPOINT_NANOS = 5_000_000_000L;

    /**
     * @param workers parallel runs (≥ 1)
     * @param resume  continue an interrupted sweep in the same folder instead of refusing it
     */
    public record Options(int workers, boolean resume, Progress progress) {
        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("workers = " + workers + " is outside [1, ∞)");
            }
        }
    }

    /** What a sweep did. */
    public record Outcome(int total, int skipped, int done, int diverged, int failed, List<String> failures) {}

    private final ResultStore store;
    private final Path checkpoints;

    public Runner(ResultStore store) {
        this.store = store;
        this.checkpoints = store.dir().resolve("checkpoints");
    }

    /**
     * The runs of a spec: grid points × optimizers × repeats, in that nesting order. Every
     * component of every grid point is built once here, so all spec errors surface before running.
     */
    public static List<RunPlan> plan(ExperimentSpec spec) {
        List<RunPlan> plans = new ArrayList<>();
        for (ExperimentSpec.GridPoint point : spec.expand()) {
            SpecNode doc = point.doc();
            Problem problem = Catalog.problem(doc.get("problem"));
            RunSettings.of(doc);
            for (Map.Entry<String, SpecNode> opt : doc.get("optimizers").entries().entrySet()) {
                Catalog.optimizer(opt.getValue());
                Catalog.checkRoutes(opt.getValue(), problem);
                for (int r = 0; r < spec.repeats(); r++) {
                    int index = plans.size();
                    long seed = RandomStream.of(spec.seed()).fork(r).nextLong();
                    plans.add(new RunPlan(index, spec.name() + "/" + index, doc, opt.getKey(), r, seed,
                            point.values()));
                }
            }
        }
        return plans;
    }

    /** Runs (or resumes) every run of {@code spec} not yet done. */
    public Outcome run(ExperimentSpec spec, Options options) throws IOException {
        List<RunPlan> plans = plan(spec);
        Map<String, RunRecord> existing = new LinkedHashMap<>();
        try {
            store.beginExperiment(spec.name(), spec.hash(), spec.text());
            for (RunRecord r : store.runs(spec.name())) {
                existing.put(r.runId(), r);
            }
            if (!existing.isEmpty() && !options.resume()) {
                throw new IOException("results for '" + spec.name() + "' already exist in " + store.dir()
                        + " (" + existing.size() + " runs); use --resume to continue them or another --out folder");
            }
            for (RunPlan p : plans) {
                store.registerRun(RunRecord.pending(p.runId(), spec.name(), p.index(), p.optimizer(), p.repeat(),
                        p.seed(), Json.of(p.grid()), Json.of(Map.of("doc", p.doc().render(), "optimizer", p.optimizer())),
                        spec.hash()));
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        Files.createDirectories(checkpoints);
        List<RunPlan> todo = new ArrayList<>();
        for (RunPlan p : plans) {
            RunRecord r = existing.get(p.runId());
            if (r == null || !(r.status().equals("done") || r.status().equals("diverged"))) {
                todo.add(p);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = Math.min(options.workers(), Math.max(1, todo.size()));
        // One BLAS thread count for every run of the sweep keeps results independent of scheduling.
        Backends.current().setThreads(Math.max(1, cores / workers));
        Progress progress = options.progress() == null ? Progress.silent() : options.progress();
        long totalSteps = 0;
        for (RunPlan p : todo) {
            long m = RunSettings.of(p.doc()).maxSteps();
            totalSteps = (totalSteps < 0 || m < 0) ? -1 : totalSteps + m;
        }
        progress.start(spec.name(), todo.size(), totalSteps);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger diverged = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "curvature-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (RunPlan p : todo) {
                futures.add(pool.submit(() -> execute(p, options.resume(), progress)));
            }
            for (int i = 0; i < futures.size(); i++) {
                String status;
                try {
                    status = futures.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    status = "failed: " + (c.getMessage() == null ? c.toString() : c.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                switch (status) {
                    case "done" -> done.incrementAndGet();
                    case "diverged" -> diverged.incrementAndGet();
                    default -> failures.add(todo.get(i).runId() + ": " + status);
                }
            }
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
        return new Outcome(plans.size(), plans.size() - todo.size(), done.get(), diverged.get(), failures.size(),
                failures);
    }

    /** Runs one plan to its end; returns done, diverged, or failed: reason. */
    private String execute(RunPlan p, boolean resume, Progress progress) throws Exception {
        Path ckpt = checkpoints.resolve(p.index() + ".ckpt");
        Problem problem = Catalog.problem(p.doc().get("problem"));
        Transform optimizer = Catalog.optimizer(p.doc().get("optimizers").get(p.optimizer()));
        RunSettings s = RunSettings.of(p.doc());
        Run.Builder b = Run.on(problem, optimizer).seed(p.seed()).recordEvery(s.recordEvery()).nonFinite(s.policy())
                .stateDType(s.stateDType());
        s.rules().forEach(b::stop);
        for (int i = 0; i < s.monitors().size(); i++) {
            b.monitor(s.monitors().get(i), s.monitorEvery().get(i));
        }
        long fromStep = 0;
        long priorMs = 0;
        if (resume && Files.isRegularFile(ckpt)) {
            Checkpoint c = Checkpoint.read(ckpt);
            b.resume(c.run());
            fromStep = c.step();
            priorMs = c.elapsedMs();
            progress.advance(fromStep);
        }
        Run run = b.build();
        store.markRunning(p.runId(), Backends.current().description(), System.getProperty("java.runtime.version"));
        long started = System.nanoTime();
        int flushed = 0;
        int[] eventsFlushed = {0};
        long lastCheckpointStep = run.stepIndex();
        long lastCheckpointTime = started;
        String status = "done";
        String error = null;
        try {
            while (run.step()) {
                progress.advance(1);
                boolean due = s.checkpointEvery() > 0
                        ? run.stepIndex() - lastCheckpointStep >= s.checkpointEvery()
                        : System.nanoTime() - lastCheckpointTime >= CHECKPOINT_NANOS;
                if (due) {
                    flushed = flush(p.runId(), run.trajectory(), flushed, eventsFlushed, fromStep);
                    fromStep = run.stepIndex();
                    long ms = priorMs + (System.nanoTime() - started) / 1_000_000;
                    Checkpoint.write(ckpt, new Checkpoint(run.stepIndex(), ms, run.checkpoint()));
                    lastCheckpointStep = run.stepIndex();
                    lastCheckpointTime = System.nanoTime();
                }
            }
        } catch (NonFiniteException e) {
            status = "diverged";
            error = e.getMessage();
        } catch (RuntimeException e) {
            status = "failed";
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        flush(p.runId(), run.trajectory(), flushed, eventsFlushed, fromStep);
        RunResult r = run.result();
        String reason = status.equals("done") ? r.stopReason() : status.equals("diverged") ? "non_finite" : null;
        if ("diverged".equals(r.stopReason())) {
            status = "diverged";
        }
        long ms = priorMs + (System.nanoTime() - started) / 1_000_000;
        store.finishRun(p.runId(), status, reason, r.steps(), r.loss(), r.gradNorm(), ms, error);
        Files.deleteIfExists(ckpt);
        return status.equals("failed") ? "failed: " + error : status;
    }

    /**
     * Commits rows [from, rows) of the trajectory and its events not yet committed (after deleting
     * stale rows and events at steps ≥ fromStep); {@code eventsFlushed[0]} counts the committed events.
     */
    private int flush(String runId, Trajectory tr, int from, int[] eventsFlushed, long fromStep) throws SQLException {
        List<String> names = tr.columnNames();
        int rows = tr.rows();
        int n = 0;
        for (int r = from; r < rows; r++) {
            for (String c : names) {
                if (!c.equals("step") && !Double.isNaN(tr.get(c, r))) {
                    n++;
                }
            }
        }
        long[] steps = new long[n];
        String[] metrics = new String[n];
        double[] values = new double[n];
        int k = 0;
        for (int r = from; r < rows; r++) {
            long step = (long) tr.get("step", r);
            for (String c : names) {
                double v = tr.get(c, r);
                if (!c.equals("step") && !Double.isNaN(v)) {
                    steps[k] = step;
                    metrics[k] = c;
                    values[k++] = v;
                }
            }
        }
        List<Trajectory.Event> all = tr.events();
        List<ResultStore.Event> events = new ArrayList<>();
        for (int i = eventsFlushed[0]; i < all.size(); i++) {
            Trajectory.Event e = all.get(i);
            Map<String, Object> payload = new LinkedHashMap<>();
            // JSON has no NaN or infinity: such a field is written as null.
            e.fields().forEach((name, v) -> payload.put(name, Double.isFinite(v) ? v : null));
            events.add(new ResultStore.Event(e.step(), e.kind(), Json.of(payload)));
        }
        store.appendMetrics(runId, fromStep, new ResultStore.MetricRows(steps, metrics, values, n), events);
        eventsFlushed[0] = all.size();
        return rows;
    }

    /** A run's checkpoint file: step, accumulated wall time and the run's own checkpoint bytes. */
    record Checkpoint(long step, long elapsedMs, byte[] run) {
        static Checkpoint read(Path p) throws IOException {
            try (var in = new java.io.DataInputStream(Files.newInputStream(p))) {
                long step = in.readLong();
                long ms = in.readLong();
                byte[] bytes = in.readAllBytes();
                return new Checkpoint(step, ms, bytes);
            }
        }

        static void write(Path p, Checkpoint c) {
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            try {
                try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    out.writeLong(c.step());
                    out.writeLong(c.elapsedMs());
                    out.write(c.run());
                }
                try {
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint " + p + ": " + e.getMessage(), e);
            }
        }
    }
}
