package dev.curvature.lab.runner;

import dev.curvature.core.Limit;
import dev.curvature.core.backend.Backends;
import dev.curvature.core.random.RandomStream;
import dev.curvature.lab.catalog.Catalog;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import dev.curvature.lab.store.ResultStore;
import dev.curvature.lab.store.ResultsFolderException;
import dev.curvature.lab.store.RunRecord;
import dev.curvature.lab.store.RunStatus;
import dev.curvature.optim.Problem;
import dev.curvature.optim.Transform;
import dev.curvature.optim.UnmetRequirementException;
import dev.curvature.optim.run.NonFiniteException;
import dev.curvature.optim.run.Run;
import dev.curvature.optim.run.RunResult;
import dev.curvature.optim.run.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Executes the runs of an experiment on parallel workers and stores them.
 *
 * <p>Every run is planned before any starts ({@link #plan}), so a spec error stops everything
 * before a single result is written. Each run checkpoints its complete state (iterate, optimizer
 * state, random stream, counters) after committing its logged rows, in that order; after a crash,
 * {@code resume} restarts each unfinished run from its last checkpoint, deletes rows logged after
 * it, and recomputes them. Runs are deterministic, so resumed trajectories are bitwise those of an
 * uninterrupted run. A checkpoint is tied to its run, spec and result database and carries a
 * checksum ({@link Checkpoint}); before any run resumes, every checkpoint is checked, and one that
 * does not fit stops the command with the file named. The final rows of runs that finish within half a second of each other share
 * one commit ({@link CommitGroup}); a run's checkpoint is deleted only after that commit.
 *
 * <p>A failure to write the folder (the database or a checkpoint: a full disk, a folder made
 * read-only) is not a failure of the run: it stops the whole sweep, leaves the runs in flight
 * resumable from their last checkpoint, and surfaces as an {@link IOException} naming the folder.
 * Everything committed before it stays intact.
 */
public final class Runner {
    /**
     * Sections left out of a run's stored configuration: their values are already substituted into
     * it (and the grid point is in {@code grid_json}); repeating a long grid in every run's row
     * would make the runs table quadratic in the grid's size.
     */
    private static final List<String> PER_RUN_OMITTED = List.of("grid", "zip", "quick");

    /** Wall-clock interval between checkpoints when the spec sets no {@code checkpoint_every}. */
    static final long CHECKPOINT_NANOS = 5_000_000_000L;

    /** Longest wait of a finished run's final rows for others to share its commit ({@link CommitGroup}). */
    static final long COMMIT_GROUP_NANOS = 500_000_000L;

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

    /**
     * What a sweep did.
     *
     * @param skipped   runs already stored as finished (not run again)
     * @param resumed   runs continued from a checkpoint rather than from their first step
     * @param elapsedMs wall-clock milliseconds of this invocation's runs (not of earlier attempts)
     */
    public record Outcome(int total, int skipped, int resumed, int done, int diverged, int failed,
                          List<String> failures, long elapsedMs) {}

    /** Steps a worker runs between looks at progress, checkpoints and the commit group. */
    private static final int PROGRESS_BATCH = 256;

    private final ResultStore store;
    private final Path checkpoints;
    /** Monotonic nanoseconds: checkpoint intervals, the commit group's wait, elapsed times, time budgets. */
    private final LongSupplier clock;
    /** The canonical hash of the spec being run, which its checkpoints carry. */
    private String canonicalHash;

    public Runner(ResultStore store) {
        this(store, System::nanoTime);
    }

    /**
     * A runner whose every time reading (checkpoint intervals, the commit group's wait, elapsed
     * times, the runs' time budgets) comes from {@code nanoTime}, so that tests decide time
     * instead of the machine's load.
     */
    public Runner(ResultStore store, LongSupplier nanoTime) {
        this.store = store;
        this.checkpoints = store.dir().resolve("checkpoints");
        this.clock = nanoTime;
    }

    /**
     * The runs of a spec: grid points × optimizers × the optimizer's own grid points × repeats, in
     * that nesting order. Every
     * component of every grid point is built once here, so all spec errors surface before running.
     */
    public static List<RunPlan> plan(ExperimentSpec spec) {
        return plans(spec, true);
    }

    /**
     * The runs of a spec exactly as {@link #plan} lists them (documents, indices, seeds), without
     * building their components ({@link RunPlan#work} is NaN): to rebuild stored runs.
     */
    public static List<RunPlan> listRuns(ExperimentSpec spec) {
        return plans(spec, false);
    }

    private static List<RunPlan> plans(ExperimentSpec spec, boolean build) {
        List<RunPlan> plans = new ArrayList<>();
        for (ExperimentSpec.GridPoint point : spec.expand()) {
            SpecNode doc = point.doc();
            Problem problem = null;
            double work = Double.NaN;
            if (build) {
                problem = Catalog.problem(doc.get("problem"));
                RunSettings settings = RunSettings.of(doc);
                work = (double) problem.initialPoint(RandomStream.of(0)).size()
                        * (settings.maxSteps() < 0 ? 1e9 : Math.max(1, settings.maxSteps()));
            }
            Map<String, List<ExperimentSpec.GridPoint>> optimizers = new LinkedHashMap<>();
            for (String label : doc.get("optimizers").keys()) {
                optimizers.put(label, spec.optimizerPoints(point, label));
            }
            // A grid can add optimizers (optimizers.sgd2: [...]), so the count is checked per point too.
            Limit.RUNS.check(Limit.product(optimizers.values().stream().mapToLong(List::size).sum(), spec.repeats())
                    + plans.size(), "experiment '" + spec.name() + "' (its grid points × optimizers × repeats)");
            for (Map.Entry<String, List<ExperimentSpec.GridPoint>> opt : optimizers.entrySet()) {
                for (ExperimentSpec.GridPoint own : opt.getValue()) {
                    SpecNode optimizer = own.doc().get("optimizers").get(opt.getKey());
                    if (build) {
                        Catalog.optimizer(optimizer);
                        Catalog.checkRoutes(optimizer, problem);
                    }
                    for (int r = 0; r < spec.repeats(); r++) {
                        int index = plans.size();
                        long seed = RandomStream.of(spec.seed()).fork(r).nextLong();
                        plans.add(new RunPlan(index, spec.name() + "/" + index, own.doc(), opt.getKey(), r, seed,
                                own.values(), work));
                    }
                    if (build && spec.repeats() > 0) {
                        dryRun(plans.get(plans.size() - spec.repeats()), optimizer);
                    }
                }
            }
        }
        return plans;
    }

    /**
     * Builds the run {@code p} describes and takes its first step on a throwaway instance, so that
     * what only the run itself finds (an optimizer's needs of the problem's blocks, f* for a
     * {@code delta_f: auto} or a {@code loss_gap_below}, a monitor's requirements) is a spec error
     * at {@code at} before anything runs, not a failure of every run. Nothing of the throwaway run
     * is kept: the real run is built afresh from its plan, so results do not change.
     */
    private static void dryRun(RunPlan p, SpecNode at) {
        Run run;
        try {
            run = builder(p).build();
        } catch (SpecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw cannotRun(p, at, e);
        }
        try {
            run.advance(1);
        } catch (UnmetRequirementException | IllegalArgumentException e) {
            throw cannotRun(p, at, e);
        } catch (RuntimeException e) {
            // Anything else (a first step that diverges, leaves a problem's domain, ...) is an outcome
            // of that run, stored with it, not an error of the spec.
        }
    }

    private static SpecException cannotRun(RunPlan p, SpecNode at, RuntimeException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        return at.error("optimizer '" + p.optimizer() + "' cannot run"
                + (p.grid().isEmpty() ? "" : " at grid point " + p.grid()) + ": " + why);
    }

    /**
     * Runs (or resumes) every run of {@code spec} not yet done.
     *
     * @throws ResultsFolderException the folder holds other results, or results of this
     *                                experiment without {@code resume} (nothing was run)
     * @throws IOException            writing the folder failed during the sweep
     */
    public Outcome run(ExperimentSpec spec, Options options) throws IOException {
        return run(spec, plan(spec), options);
    }

    /** As {@link #run(ExperimentSpec, Options)}, with the runs already {@linkplain #plan planned}. */
    public Outcome run(ExperimentSpec spec, List<RunPlan> plans, Options options) throws IOException {
        canonicalHash = spec.canonicalHash();
        Map<String, RunRecord> existing = new LinkedHashMap<>();
        try {
            store.beginExperiment(spec.name(), spec.hash(), spec.text(), stored -> sameMeaning(stored, spec));
            for (RunRecord r : store.runs(spec.name())) {
                existing.put(r.runId(), r);
            }
            if (!existing.isEmpty() && !options.resume()) {
                throw new ResultsFolderException(store.dir(), "results for '" + spec.name() + "' already exist in "
                        + store.dir() + " (" + existing.size()
                        + " runs); use --resume to continue them or another --out folder");
            }
            try {
                Files.createDirectories(checkpoints);
                removePartialCheckpoints();
            } catch (IOException e) {
                throw new ResultsFolderException(store.dir(), "cannot create the checkpoint folder " + checkpoints
                        + ": " + ResultStore.describe(e), e);
            }
            List<RunRecord> pending = new ArrayList<>();
            for (RunPlan p : plans) {
                pending.add(RunRecord.pending(p.runId(), spec.name(), p.index(), p.optimizer(), p.repeat(),
                        p.seed(), Json.of(p.grid()), Json.of(Map.of("doc", p.doc().renderWithout(PER_RUN_OMITTED), "optimizer", p.optimizer())),
                        spec.hash()));
            }
            store.registerRuns(pending);
        } catch (SQLException e) {
            throw writeFailure(e.getMessage(), e);
        }
        if (options.resume()) {
            checkCheckpoints(plans, existing);
        }
        long sweepStart = clock.getAsLong();
        List<RunPlan> todo = new ArrayList<>();
        for (RunPlan p : plans) {
            RunRecord r = existing.get(p.runId());
            if (r == null || !r.status().finished()) {
                todo.add(p);
            } else {
                // A kill between a run's final commit and the deletion of its checkpoint leaves one.
                try {
                    Files.deleteIfExists(checkpoints.resolve(p.index() + ".ckpt"));
                } catch (IOException e) {
                    // never read again: the run is stored as finished
                }
            }
        }
        // Largest first (longest-processing-time order): no worker is left alone with a long run at
        // the end. Runs are independent, so the order changes no result.
        todo.sort(Comparator.comparingDouble(RunPlan::work).reversed());
        int workers = Math.min(options.workers(), Math.max(1, todo.size()));
        Backends.current().setThreads(kernelThreads());
        Progress progress = options.progress() == null ? Progress.silent() : options.progress();
        long totalSteps = 0;
        for (RunPlan p : todo) {
            long m = RunSettings.of(p.doc()).maxSteps();
            totalSteps = (totalSteps < 0 || m < 0) ? -1 : totalSteps + m;
        }
        progress.start(spec.name(), todo.size(), totalSteps);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger diverged = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        AtomicReference<StoreFailure> storeFailure = new AtomicReference<>();
        CommitGroup finished = new CommitGroup(store, COMMIT_GROUP_NANOS, clock);
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "curvature-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Ending>> futures = new ArrayList<>();
            for (RunPlan p : todo) {
                futures.add(pool.submit(() -> execute(p, options.resume(), progress, storeFailure, resumed, finished)));
            }
            for (int i = 0; i < futures.size(); i++) {
                Ending ending;
                try {
                    ending = futures.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof StoreFailure f) {
                        storeFailure.compareAndSet(null, f);
                        continue;
                    }
                    ending = new Ending(RunStatus.FAILED, c.getMessage() == null ? c.toString() : c.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                if (ending == STOPPED) {
                    continue;
                }
                switch (ending.status()) {
                    case DONE -> done.incrementAndGet();
                    case DIVERGED -> diverged.incrementAndGet();
                    default -> failures.add(todo.get(i).runId() + ": failed: " + ending.error());
                }
            }
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
        StoreFailure f = storeFailure.get();
        if (f != null) {
            throw writeFailure(f.getMessage(), f.getCause());
        }
        try {
            finished.commitAll();
            store.checkFile();
        } catch (SQLException e) {
            throw writeFailure(e.getMessage(), e);
        }
        return new Outcome(plans.size(), plans.size() - todo.size(), resumed.get(), done.get(), diverged.get(),
                failures.size(), failures, (clock.getAsLong() - sweepStart) / 1_000_000);
    }

    /**
     * Kernel (BLAS) threads of every run: {@value Backends#THREADS_PROPERTY} when set, else one.
     * Kernels sum in an order that depends on their thread count, so it must not follow from
     * {@code --workers}: a fixed count makes results bitwise independent of the number of workers
     * and of which worker runs what. Sweeps get their parallelism from the workers.
     */
    public static int kernelThreads() {
        String p = System.getProperty(Backends.THREADS_PROPERTY);
        return p == null || p.isBlank() ? 1 : Backends.defaultThreads();
    }

    /**
     * True when the stored spec text means the same as {@code spec}: it differs only in comments,
     * layout or quoting, so the stored runs are the runs {@code spec} plans.
     */
    private static boolean sameMeaning(String storedText, ExperimentSpec spec) {
        try {
            return ExperimentSpec.parseStored(storedText, "stored spec of " + spec.name()).canonicalHash()
                    .equals(spec.canonicalHash());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whose checkpoint a run writes and accepts. */
    private Checkpoint.Identity identity(RunPlan p) {
        return new Checkpoint.Identity(store.id(), canonicalHash, p.runId(), p.index());
    }

    /**
     * Refuses to resume, before any run starts, when a checkpoint of an unfinished run is damaged
     * or not its own: resuming from it would store another trajectory, or fail every time. The
     * message names each file and the fix: deleting it restarts that run from its first step,
     * which gives the same results (runs are deterministic) at the cost of time.
     */
    private void checkCheckpoints(List<RunPlan> plans, Map<String, RunRecord> existing)
            throws ResultsFolderException {
        List<String> bad = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (RunPlan p : plans) {
            RunRecord r = existing.get(p.runId());
            Path ckpt = checkpoints.resolve(p.index() + ".ckpt");
            if ((r != null && r.status().finished()) || !Files.isRegularFile(ckpt)) {
                continue;
            }
            try {
                Checkpoint.read(ckpt, identity(p));
            } catch (IOException e) {
                bad.add("checkpoint " + ckpt + " of run " + p.runId() + " cannot be used: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
                files.add(ckpt.toString());
            }
        }
        if (!bad.isEmpty()) {
            throw new ResultsFolderException(store.dir(), String.join("; ", bad) + ". Nothing was run. Delete "
                    + (files.size() == 1 ? "it" : "them") + " to restart " + (files.size() == 1 ? "that run" : "those runs")
                    + " from the first step (runs are deterministic: the results are the same, only time is lost), "
                    + "then resume again: rm " + String.join(" ", files));
        }
    }

    /** Deletes checkpoint files whose writing a killed process left unfinished (never read). */
    private void removePartialCheckpoints() throws IOException {
        try (var files = Files.list(checkpoints)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".ckpt.tmp")).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * How a worker's run ended: its stored status and, for a failure, the message.
     *
     * @param status the status stored for the run ({@code null} only for {@link #STOPPED})
     */
    private record Ending(RunStatus status, String error) {}

    /** A run left unfinished because the sweep stopped; it resumes from its last checkpoint. */
    private static final Ending STOPPED = new Ending(null, null);

    /** A failure to write the results folder; it stops the sweep rather than failing one run. */
    private static final class StoreFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StoreFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private IOException writeFailure(String reason, Throwable cause) {
        if (cause instanceof ResultStore.DatabaseGoneException gone) {
            return new IOException(gone.getMessage(), gone);
        }
        return new IOException("cannot write results to " + store.dir() + ": " + reason + ". Results committed "
                + "before the failure are intact; free space or fix the folder, then continue with --resume", cause);
    }

    /**
     * Runs one plan to its end; returns how it ended, or {@link #STOPPED} when another worker could
     * not write the folder.
     */
    private Ending execute(RunPlan p, boolean resume, Progress progress, AtomicReference<StoreFailure> stop,
                           AtomicInteger resumed, CommitGroup finished) throws Exception {
        if (stop.get() != null) {
            return STOPPED;
        }
        try {
            return runOne(p, resume, progress, stop, resumed, finished);
        } catch (StoreFailure f) {
            stop.compareAndSet(null, f);
            throw f;
        }
    }

    /**
     * The run a plan describes, ready to build: its problem, optimizer, seed, stopping rules,
     * monitors and logging, each built afresh from the plan's spec document.
     */
    public static Run.Builder builder(RunPlan p) {
        return builder(p, RunSettings.of(p.doc()));
    }

    private static Run.Builder builder(RunPlan p, RunSettings s) {
        Problem problem = Catalog.problem(p.doc().get("problem"));
        Transform optimizer = Catalog.optimizer(p.doc().get("optimizers").get(p.optimizer()));
        Run.Builder b = Run.on(problem, optimizer).seed(p.seed()).recordEvery(s.recordEvery()).nonFinite(s.policy())
                .stateDType(s.stateDType());
        s.rules().forEach(b::stop);
        for (int i = 0; i < s.monitors().size(); i++) {
            b.monitor(s.monitors().get(i), s.monitorEvery().get(i));
        }
        return b;
    }

    /**
     * Runs one plan. Rows are committed with each checkpoint and, at the end, through {@code
     * finished}; the checkpoint file is deleted only once the final rows are committed.
     */
    private Ending runOne(RunPlan p, boolean resume, Progress progress, AtomicReference<StoreFailure> stop,
                          AtomicInteger resumed, CommitGroup finished) throws StoreFailure, IOException {
        Path ckpt = checkpoints.resolve(p.index() + ".ckpt");
        RunSettings s = RunSettings.of(p.doc());
        Run.Builder b = builder(p, s).clock(clock);
        long fromStep = 0;
        long priorMs = 0;
        Checkpoint.Identity identity = identity(p);
        if (resume && Files.isRegularFile(ckpt)) {
            Checkpoint c = Checkpoint.read(ckpt, identity);
            b.resume(c.run());
            fromStep = c.step();
            priorMs = c.elapsedMs();
            progress.advance(fromStep);
            resumed.incrementAndGet();
        }
        Run run = b.build();
        // Only a run of an interrupted sweep can have rows (committed after the checkpoint it resumes
        // from) to delete, and only before its first commit here.
        long clearFrom = resume ? fromStep : -1;
        String backend = Backends.current().description();
        String jdk = System.getProperty("java.runtime.version");
        long started = clock.getAsLong();
        int flushed = 0;
        int[] eventsFlushed = {0};
        long lastCheckpointStep = run.stepIndex();
        long lastCheckpointTime = started;
        RunStatus status = RunStatus.DONE;
        String error = null;
        try {
            while (true) {
                int batch = PROGRESS_BATCH;
                if (s.checkpointEvery() > 0) {
                    batch = (int) Math.max(1, Math.min(batch, lastCheckpointStep + s.checkpointEvery() - run.stepIndex()));
                }
                int advanced = run.advance(batch);
                progress.advance(advanced);
                if (advanced < batch) {
                    break;
                }
                if (stop.get() != null) {
                    return STOPPED;
                }
                try {
                    finished.commitIfDue();
                } catch (SQLException e) {
                    throw storeFailure(p, e);
                }
                boolean due = s.checkpointEvery() > 0
                        ? run.stepIndex() - lastCheckpointStep >= s.checkpointEvery()
                        : clock.getAsLong() - lastCheckpointTime >= CHECKPOINT_NANOS;
                if (due) {
                    try {
                        long ms = priorMs + (clock.getAsLong() - started) / 1_000_000;
                        store.commit(List.of(batch(p.runId(), run.trajectory(), flushed, eventsFlushed, clearFrom,
                                ResultStore.RunState.running(run.result().steps(), ms, backend, jdk))));
                        flushed = run.trajectory().rows();
                        clearFrom = -1;
                        Checkpoint.write(ckpt, new Checkpoint(identity, run.stepIndex(), ms, run.checkpoint()));
                    } catch (SQLException | IOException e) {
                        throw storeFailure(p, e);
                    }
                    lastCheckpointStep = run.stepIndex();
                    lastCheckpointTime = clock.getAsLong();
                }
            }
        } catch (NonFiniteException e) {
            status = RunStatus.DIVERGED;
            error = e.getMessage();
        } catch (RuntimeException e) {
            status = RunStatus.FAILED;
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (s.maxSteps() >= 0) {
            progress.skip(Math.max(0, s.maxSteps() - run.stepIndex())); // stopped early: those steps never run
        }
        RunResult r = run.result();
        String reason = status == RunStatus.DONE ? r.stopReason() : status == RunStatus.DIVERGED ? "non_finite" : null;
        // The spec's diverge_above rule ends a run with the stop reason "diverged" (RunSettings).
        if (RunSettings.DIVERGED.equals(r.stopReason())) {
            status = RunStatus.DIVERGED;
        }
        long ms = priorMs + (clock.getAsLong() - started) / 1_000_000;
        // A failed run has no final loss: the last value it computed is not where it ended.
        boolean failed = status == RunStatus.FAILED;
        try {
            finished.add(batch(p.runId(), run.trajectory(), flushed, eventsFlushed, clearFrom,
                    new ResultStore.RunState(status, reason, r.steps(), failed ? Double.NaN : r.loss(),
                            failed ? Double.NaN : r.gradNorm(), ms, error, backend, jdk)),
                    ckpt);
        } catch (SQLException e) {
            throw storeFailure(p, e);
        }
        return new Ending(status, error);
    }

    private static StoreFailure storeFailure(RunPlan p, Exception e) {
        String what = e instanceof IOException io ? ResultStore.describe(io) : e.getMessage();
        return new StoreFailure("while storing run " + p.runId() + ": " + what, e);
    }

    /**
     * Rows [from, rows) of the trajectory (one per logged metric value) and the events after the
     * first {@code eventsFlushed[0]}, which it then counts as committed.
     */
    private static ResultStore.RunBatch batch(String runId, Trajectory tr, int from, int[] eventsFlushed,
                                              long clearFrom, ResultStore.RunState state) {
        int rows = tr.rows();
        double[] step = tr.get("step");
        List<String> names = new ArrayList<>(tr.columnNames());
        names.remove("step");
        double[][] columns = new double[names.size()][];
        int n = 0;
        for (int c = 0; c < columns.length; c++) {
            columns[c] = tr.get(names.get(c));
            for (int r = from; r < rows; r++) {
                n += Double.isNaN(columns[c][r]) ? 0 : 1;
            }
        }
        long[] steps = new long[n];
        String[] metrics = new String[n];
        double[] values = new double[n];
        int k = 0;
        for (int r = from; r < rows; r++) {
            for (int c = 0; c < columns.length; c++) {
                double v = columns[c][r];
                if (!Double.isNaN(v)) {
                    steps[k] = (long) step[r];
                    metrics[k] = names.get(c);
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
        eventsFlushed[0] = all.size();
        return new ResultStore.RunBatch(runId, clearFrom, new ResultStore.MetricRows(steps, metrics, values, n), events,
                state);
    }
}
